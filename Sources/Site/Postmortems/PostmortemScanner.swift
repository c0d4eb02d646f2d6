import Foundation
#if canImport(Glibc)
import Glibc
import PostmortemFormat
#endif

/// Lists the postmortems directory and reads only files whose modification time or size changed
/// since the cache (the manifest of the previous build) saw them.
public struct PostmortemScanner: Sendable {
    /// The postmortems directory (`<archive>/postmortems`).
    public let directory: String

    /// A scanner of `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// Every `*.md` file, sorted by name; `cache` entries are reused when unchanged.
    public func scan(cache: [String: PostmortemFile]) async -> (files: [PostmortemFile], reread: Int) {
        var files: [PostmortemFile?] = []
        var changed: [(index: Int, name: String, path: String, modified: Int64, size: Int64)] = []
        for (name, modified, size) in listing() {
            if let cached = cache[name], cached.modified == modified, cached.size == size {
                files.append(cached)
            } else {
                changed.append((files.count, name, (directory as NSString).appendingPathComponent(name), modified, size))
                files.append(nil)
            }
        }
        // Reading and parsing (Yams) dominate a first build: spread them over the cores, as task-group
        // children, at most one per core at a time.
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
        await withTaskGroup(of: (slot: Int, file: PostmortemFile).self) { group in
            var next = 0
            func startNext() {
                guard next < changed.count else { return }
                let c = changed[next]
                next += 1
                group.addTask { (c.index, PostmortemFile.read(name: c.name, path: c.path, modified: c.modified, size: c.size)) }
            }
            for _ in 0..<width { startNext() }
            while let (slot, file) = await group.next() {
                files[slot] = file
                startNext()
            }
        }
        return (files.compactMap { $0 }, changed.count)
    }

    /// The Markdown body of `file`: kept when it was read in this run, read again otherwise.
    public func body(of file: PostmortemFile) -> String? {
        if let body = file.body { return body }
        let path = (directory as NSString).appendingPathComponent(file.name)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return PostmortemDocument.split(String(decoding: data, as: UTF8.self)).body
    }
}
