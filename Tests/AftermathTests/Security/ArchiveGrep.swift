import Foundation

/// Byte-level search of every file under a directory (SQLite database, WAL and shared memory,
/// postmortems, site pages and search shards), the way someone with a copy of the archive would.
enum ArchiveGrep {
    /// Every regular file under `directory`, recursively.
    static func files(under directory: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let path = (directory as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue { files.append(path) }
        }
        return files
    }

    /// For each needle, the files holding it in any letter case (FTS5 keeps tokens lower-cased).
    static func find(_ needles: [String], under directories: [String]) -> [String: [String]] {
        let lowered = needles.map { (needle: $0, bytes: Array($0.lowercased().utf8)) }
        var found: [String: [String]] = [:]
        for directory in directories {
            for file in files(under: directory) {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                let bytes = data.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
                for (needle, pattern) in lowered where contains(bytes, pattern) {
                    found[needle, default: []].append(file)
                }
            }
        }
        return found
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= haystack.count else { return false }
        var index = 0
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first, haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }
}
