import Foundation

/// POSIX ustar archives of regular files and directories, in memory: what a bundle is packed in.
/// Any tar program reads them; the reader also takes GNU long names and pax `path` records (what
/// `tar czf` writes when a person re-packs a bundle) and refuses links, devices and escaping paths.
public enum Ustar {
    /// One member.
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var data: [UInt8]
        public var isDirectory: Bool

        public init(path: String, data: [UInt8], isDirectory: Bool = false) {
            self.path = path
            self.data = data
            self.isDirectory = isDirectory
        }
    }

    /// Why an archive could not be written or read.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    static let block = 512

    /// The archive of `entries` in order (directories first where wanted), every member owned by
    /// uid/gid 0 with `mtime` (seconds since 1970), files 0644 and directories 0755.
    public static func write(_ entries: [Entry], mtime: Int64) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(entries.reduce(1024) { $0 + block + ($1.data.count + block - 1) / block * block })
        for entry in entries {
            let path = entry.isDirectory && !entry.path.hasSuffix("/") ? entry.path + "/" : entry.path
            let (name, prefix) = try split(path)
            var header = [UInt8](repeating: 0, count: block)
            put(&header, 0, 100, Array(name.utf8))
            put(&header, 100, 8, octal(entry.isDirectory ? 0o755 : 0o644, width: 7))
            put(&header, 108, 8, octal(0, width: 7))
            put(&header, 116, 8, octal(0, width: 7))
            guard entry.data.count < 0o77777777777 else { throw Failure("\(entry.path) is too large for ustar (8 GiB)") }
            put(&header, 124, 12, octal(Int64(entry.isDirectory ? 0 : entry.data.count), width: 11))
            put(&header, 136, 12, octal(max(0, mtime), width: 11))
            header[156] = entry.isDirectory ? UInt8(ascii: "5") : UInt8(ascii: "0")
            put(&header, 257, 6, Array("ustar\0".utf8))
            put(&header, 263, 2, Array("00".utf8))
            put(&header, 265, 32, Array("root".utf8))
            put(&header, 297, 32, Array("root".utf8))
            put(&header, 345, 155, Array(prefix.utf8))
            for i in 148..<156 { header[i] = UInt8(ascii: " ") }
            let sum = header.reduce(0) { $0 + Int64($1) }
            put(&header, 148, 8, octal(sum, width: 6) + [UInt8(ascii: " ")])
            out += header
            if !entry.isDirectory {
                out += entry.data
                out += [UInt8](repeating: 0, count: (block - entry.data.count % block) % block)
            }
        }
        out += [UInt8](repeating: 0, count: block * 2)
        return out
    }

    /// The members of `bytes`. Paths are checked: relative, no `..`, no empty components; `.`
    /// components are dropped, so `tar -C dir .` reads like `tar -C dir top`.
    public static func read(_ bytes: [UInt8]) throws -> [Entry] {
        var entries: [Entry] = []
        var offset = 0
        var longName: String?
        while offset + block <= bytes.count {
            let header = Array(bytes[offset..<offset + block])
            if header.allSatisfy({ $0 == 0 }) { return entries }
            let stored = parseOctal(header[148..<156])
            var unsigned: Int64 = 0
            for (i, b) in header.enumerated() { unsigned += (148..<156).contains(i) ? 32 : Int64(b) }
            guard stored == unsigned else { throw Failure("member header at byte \(offset) is damaged (checksum \(stored ?? -1), computed \(unsigned))") }
            guard let size = parseOctal(header[124..<136]), size >= 0 else { throw Failure("member header at byte \(offset) has no readable size") }
            let start = offset + block
            let end = start + Int(size)
            guard end <= bytes.count else { throw Failure("the archive ends inside a member (byte \(offset)): truncated") }
            let data = Array(bytes[start..<end])
            offset = start + (Int(size) + block - 1) / block * block
            let type = header[156]
            var name = string(header[0..<100])
            let prefix = string(header[345..<500])
            if Array(header[257..<263]) == Array("ustar\0".utf8), !prefix.isEmpty { name = prefix + "/" + name }
            if let long = longName { name = long; longName = nil }
            switch type {
            case UInt8(ascii: "L"):
                longName = string(data[...])
                continue
            case UInt8(ascii: "x"):
                longName = paxPath(data)
                continue
            case UInt8(ascii: "g"):
                continue
            case UInt8(ascii: "0"), 0, UInt8(ascii: "7"):
                try check(name)
                entries.append(Entry(path: withoutDotComponents(name), data: data))
            case UInt8(ascii: "5"):
                try check(name)
                let path = withoutDotComponents(name)
                if !path.isEmpty { entries.append(Entry(path: path, data: [], isDirectory: true)) }
            default:
                throw Failure("\(name): member type '\(Character(UnicodeScalar(type)))' (links and devices are not accepted)")
            }
        }
        throw Failure("the archive has no end marker: truncated")
    }

    private static func withoutDotComponents(_ path: String) -> String {
        path.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }

    private static func check(_ path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).dropLast(path.hasSuffix("/") ? 1 : 0)
        guard !path.hasPrefix("/"), !parts.contains(".."), !parts.contains(""), !path.isEmpty else {
            throw Failure("\(path): not a plain relative path")
        }
    }

    private static func split(_ path: String) throws -> (name: String, prefix: String) {
        let bytes = Array(path.utf8)
        if bytes.count <= 100 { return (path, "") }
        for (i, b) in bytes.enumerated().reversed() where b == UInt8(ascii: "/") && i <= 155 && bytes.count - i - 1 <= 100 {
            return (String(decoding: bytes[(i + 1)...], as: UTF8.self), String(decoding: bytes[..<i], as: UTF8.self))
        }
        throw Failure("\(path) is too long for ustar (name 100 and prefix 155 bytes)")
    }

    private static func put(_ header: inout [UInt8], _ at: Int, _ width: Int, _ bytes: [UInt8]) {
        for (i, b) in bytes.prefix(width).enumerated() { header[at + i] = b }
    }

    private static func octal(_ value: Int64, width: Int) -> [UInt8] {
        let digits = String(value, radix: 8)
        return Array((String(repeating: "0", count: max(0, width - digits.count)) + digits).utf8) + [0]
    }

    private static func parseOctal(_ field: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        var seen = false
        for b in field {
            if b == 0 || b == UInt8(ascii: " ") { if seen { break } else { continue } }
            guard b >= 48, b <= 55 else { return nil }
            value = value * 8 + Int64(b - 48)
            seen = true
        }
        return seen ? value : 0
    }

    private static func string(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// The `path` record of a pax extended header (`<len> path=<value>\n`).
    private static func paxPath(_ data: [UInt8]) -> String? {
        for record in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let space = record.firstIndex(of: " ") else { continue }
            let pair = record[record.index(after: space)...]
            if pair.hasPrefix("path=") { return String(pair.dropFirst(5)) }
        }
        return nil
    }
}
