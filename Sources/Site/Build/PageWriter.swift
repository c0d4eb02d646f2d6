import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes pages into the output directory: a new file directly, a replaced one through a temporary
/// file and `rename`, so a server or browser never sees half a page.
struct PageWriter: Sendable {
    /// Why a page could not be written.
    struct WriteError: Error, CustomStringConvertible {
        var description: String
    }

    let root: String

    func path(_ relative: String) -> String {
        root.hasSuffix("/") ? root + relative : root + "/" + relative
    }

    /// Whether the page exists on disk.
    func exists(_ relative: String) -> Bool {
        access(path(relative), F_OK) == 0
    }

    /// Whether every page of `relatives` exists, as `exists` says, with one directory listing per
    /// directory instead of a path lookup per page (a kept-plan rebuild checks all 13,000 pages of a
    /// 10,000-incident site). A name listed as a regular file or directory exists; any other name
    /// (a symbolic link, an unlisted one) is asked with `exists`.
    func allExist(_ relatives: some Collection<String>) -> Bool {
        var listed: [Substring: Set<String>] = [:]
        for relative in relatives {
            let slash = relative.lastIndex(of: "/")
            let directory = slash.map { relative[..<$0] } ?? ""
            let name = slash.map { relative[relative.index(after: $0)...] } ?? relative[...]
            if listed[directory] == nil { listed[directory] = entries(of: String(directory)) }
            if listed[directory]?.contains(String(name)) != true, !exists(relative) { return false }
        }
        return true
    }

    /// Names of the regular files and directories in `relative` (empty when it cannot be read).
    private func entries(of relative: String) -> Set<String> {
        guard let dir = opendir(relative.isEmpty ? root : path(relative)) else { return [] }
        defer { closedir(dir) }
        var names: Set<String> = []
        while let entry = readdir(dir) {
            let type = entry.pointee.d_type
            guard type == UInt8(DT_REG) || type == UInt8(DT_DIR) else { continue }
            names.insert(withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            })
        }
        return names
    }

    /// Creates `directories` (relative) below the root.
    func prepare(directories: [String]) throws {
        for directory in [""] + directories {
            try FileManager.default.createDirectory(atPath: path(directory), withIntermediateDirectories: true)
        }
    }

    /// Writes `bytes` to `relative`.
    func write(_ relative: String, _ bytes: [UInt8]) throws {
        let target = path(relative)
        let replacing = access(target, F_OK) == 0
        let destination = replacing ? target + ".tmp-\(getpid())" : target
        let fd = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw WriteError(description: "cannot write \(target): \(String(cString: strerror(errno)))") }
        var offset = 0
        let failed: Int32? = bytes.withUnsafeBytes { raw -> Int32? in
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
        close(fd)
        if let failed {
            unlink(destination)
            throw WriteError(description: "cannot write \(target): \(String(cString: strerror(failed)))")
        }
        if replacing, rename(destination, target) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(destination)
            throw WriteError(description: "cannot replace \(target): \(reason)")
        }
    }

    /// Writes a string as UTF-8.
    func write(_ relative: String, _ text: String) throws {
        try write(relative, Array(text.utf8))
    }

    /// Removes a page; true when it existed.
    @discardableResult
    func remove(_ relative: String) -> Bool {
        unlink(path(relative)) == 0
    }
}
