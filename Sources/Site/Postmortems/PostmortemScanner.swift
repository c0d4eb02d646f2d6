import Foundation
#if canImport(Glibc)
import Glibc
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
    public func scan(cache: [String: PostmortemFile]) -> (files: [PostmortemFile], reread: Int) {
        var files: [PostmortemFile?] = []
        var changed: [(index: Int, name: String, path: String, modified: Int64, size: Int64)] = []
        for (name, modified, size) in listing() {
            let path = (directory as NSString).appendingPathComponent(name)
            if let cached = cache[name], cached.modified == modified, cached.size == size {
                files.append(cached)
            } else {
                changed.append((files.count, name, path, modified, size))
                files.append(nil)
            }
        }
        // Reading and parsing (Yams) dominate a first build: spread them over the cores.
        let results = ResultSlots<PostmortemFile>(count: changed.count)
        let work = changed
        DispatchQueue.concurrentPerform(iterations: work.count) { k in
            let c = work[k]
            results.set(k, PostmortemFile.read(name: c.name, path: c.path, modified: c.modified, size: c.size))
        }
        for (k, c) in changed.enumerated() { files[c.index] = results.get(k) }
        return (files.compactMap { $0 }, changed.count)
    }

    /// The Markdown body of `file` (read again: bodies are only needed for pages being rendered).
    public func body(of file: PostmortemFile) -> String? {
        let path = (directory as NSString).appendingPathComponent(file.name)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return PostmortemText.split(String(decoding: data, as: UTF8.self)).body
    }
}

/// Results written by concurrent workers, one slot each.
final class ResultSlots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) { lock.withLock { slots[index] = value } }

    func get(_ index: Int) -> T? { lock.withLock { slots[index] } }
}
