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
