import AftermathCore
import Archive
import Foundation
#if canImport(Glibc)
import Glibc
import PostmortemFormat
#endif

/// Keeps the archive's postmortem digests (`postmortem_digest`: status, summary, action items) in
/// step with the files, so insights and "seen before" lists are SQL over stored rows: a file whose
/// modification time or size changed since it was digested is read again, a removed one forgotten.
/// The site build, `aftermath insights`, `incident related` and the postmortem generator run it.
public struct PostmortemDigestSync: Sendable {
    public let database: AppDatabase
    /// `<archive>/postmortems`.
    public let directory: String
    let clock: any WallClock

    /// A sync of `directory` into `database`.
    public init(database: AppDatabase, directory: String, clock: any WallClock = SystemClock()) {
        self.database = database
        self.directory = directory
        self.clock = clock
    }

    /// Lists the directory and digests what changed; returns how many files were read.
    @discardableResult
    public func run() async throws -> Int {
        let listing = PostmortemScanner(directory: directory).listing()
        return try await sync(listing.map { ($0.name, $0.modified, $0.size, nil) })
    }

    /// The same for files a site scan just listed (those it read carry their digest already).
    @discardableResult
    func run(scanned files: [PostmortemFile]) async throws -> Int {
        try await sync(files.map { ($0.name, $0.modified, $0.size, $0.digest == nil ? nil : $0) })
    }

    private func sync(_ files: [(name: String, modified: Int64, size: Int64, read: PostmortemFile?)]) async throws -> Int {
        let stamps = try await database.postmortemDigestStamps()
        var fresh: [PostmortemDigestRecord] = []
        var unread: [(name: String, modified: Int64, size: Int64)] = []
        let now = clock.now()
        for file in files {
            if let stamp = stamps[file.name], stamp.modified == file.modified, stamp.size == file.size { continue }
            if let read = file.read {
                fresh.append(Self.record(read, at: now))
            } else {
                unread.append((file.name, file.modified, file.size))
            }
        }
        let directory = self.directory
        let pending = unread
        let readNow = try await withThrowingTaskGroup(of: [PostmortemDigestRecord].self) { group in
            let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, pending.count))
            for w in 0..<workers where !pending.isEmpty {
                group.addTask {
                    stride(from: w, to: pending.count, by: workers).map { i in
                        let f = pending[i]
                        let path = (directory as NSString).appendingPathComponent(f.name)
                        return Self.record(PostmortemFile.read(name: f.name, path: path, modified: f.modified, size: f.size), at: now)
                    }
                }
            }
            var all: [PostmortemDigestRecord] = []
            for try await part in group { all += part }
            return all
        }
        fresh += readNow
        let present = Set(files.map(\.name))
        try await database.recordPostmortemDigests(fresh, removing: stamps.keys.filter { !present.contains($0) }.sorted())
        return fresh.count
    }

    /// The stored digest of a file as read.
    static func record(_ file: PostmortemFile, at now: Date) -> PostmortemDigestRecord {
        let items = file.digest?.actionItems ?? []
        return PostmortemDigestRecord(
            file: file.name, incidentID: file.frontMatter?.id, modified: file.modified, size: file.size,
            status: file.frontMatter.map { ($0.status ?? .draft).rawValue }, summary: file.digest?.summary,
            actionsOpen: items.filter { !$0.done }.count, actionsDone: items.filter(\.done).count,
            openActions: items.filter { !$0.done }.map(\.text), readAt: now)
    }
}

extension PostmortemScanner {
    /// Every `*.md` file with its modification time (ns) and size, sorted by name, without reading any.
    public func listing() -> [(name: String, modified: Int64, size: Int64)] {
        // readdir + fstatat on the directory's descriptor: no path is built per file (a rebuild
        // lists 10,000 of them to find the one that changed).
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        let fd = dirfd(dir)
        var out: [(name: String, modified: Int64, size: Int64)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name.hasSuffix(".md"), !name.hasPrefix(".") else { continue }
            var info = stat()
            guard fstatat(fd, name, &info, 0) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            out.append((name, Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec), Int64(info.st_size)))
        }
        out.sort { $0.name < $1.name }
        return out
    }
}
