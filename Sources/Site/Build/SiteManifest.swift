import Foundation
import PostmortemFormat

/// What the previous build wrote: each page's input hash, and the postmortem files it read (so
/// unchanged files are not parsed again). Kept as a small line-based file inside the output directory.
public struct SiteManifest: Sendable, Equatable {
    /// Page path → input hash.
    public var pages: [String: UInt64] = [:]
    /// Postmortem file name → what was read from it.
    public var postmortems: [String: PostmortemFile] = [:]

    static let header = "aftermath-site-manifest\t1"

    /// An empty manifest (the first build).
    public init() {}

    /// Reads the manifest at `path`; an absent or unreadable one is empty (everything is rendered).
    /// Parsed over bytes: at 10,000 incidents the file is a few MB and is read on every rebuild.
    public static func load(path: String) -> SiteManifest {
        guard let data = FileManager.default.contents(atPath: path) else { return SiteManifest() }
        let bytes = [UInt8](data)
        var manifest = SiteManifest()
        var fields: [ArraySlice<UInt8>] = []
        var lineStart = 0
        var first = true
        manifest.pages.reserveCapacity(bytes.count / 64)
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            defer { lineStart = lineEnd + 1 }
            guard lineEnd > lineStart else { continue }
            let line = bytes[lineStart..<lineEnd]
            if first {
                guard String(decoding: line, as: UTF8.self) == header else { return SiteManifest() }
                first = false
                continue
            }
            fields.removeAll(keepingCapacity: true)
            var fieldStart = line.startIndex
            for i in line.indices where line[i] == 0x09 {
                fields.append(line[fieldStart..<i])
                fieldStart = i + 1
            }
            fields.append(line[fieldStart..<line.endIndex])
            guard let kind = fields.first, kind.count == 1 else { continue }
            switch kind.first {
            case UInt8(ascii: "P") where fields.count == 3:
                if let path = Field.decode(fields[1]), let hash = Field.hex(fields[2]) { manifest.pages[path] = hash }
            case UInt8(ascii: "M") where fields.count == 17:
                let text = fields.map(Field.decode)
                guard let name = text[1], let modified = text[2].flatMap({ Int64($0) }), let size = text[3].flatMap({ Int64($0) }),
                      let hash = Field.hex(fields[4]) else { continue }
                var front: FrontMatter?
                if let id = text[6] {
                    front = FrontMatter(
                        id: id, title: text[7], status: text[8].flatMap { PostmortemStatus(rawValue: $0) }, severity: text[9],
                        services: (text[10] ?? "").split(separator: "\u{1F}").map(String.init),
                        started: text[11], detected: text[12], acknowledged: text[13], resolved: text[14],
                        duration: text[15], owner: text[16])
                }
                manifest.postmortems[name] = PostmortemFile(
                    name: name, modified: modified, size: size, hash: hash, frontMatter: front, error: text[5])
            default:
                continue
            }
        }
        return manifest
    }

    /// The manifest as text (sorted, so the file itself is stable).
    public func encoded() -> String {
        String(decoding: encodedBytes(), as: UTF8.self)
    }

    /// `encoded()` as the UTF-8 bytes written to the file.
    func encodedBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(pages.count * 64 + postmortems.count * 256)
        out += Self.header.utf8
        out.append(0x0A)
        for path in pages.keys.sorted() {
            out.append(UInt8(ascii: "P"))
            out.append(0x09)
            Field.encode(path, into: &out)
            out.append(0x09)
            Field.hex(pages[path] ?? 0, into: &out)
            out.append(0x0A)
        }
        for name in postmortems.keys.sorted() {
            guard let file = postmortems[name] else { continue }
            let f = file.frontMatter
            let fields: [String?] = [
                file.name, String(file.modified), String(file.size), ContentHasher.hex(file.hash), file.error,
                f?.id, f?.title, f?.status?.rawValue, f?.severity, f.map { $0.services.joined(separator: "\u{1F}") },
                f?.started, f?.detected, f?.acknowledged, f?.resolved, f?.duration, f?.owner,
            ]
            out.append(UInt8(ascii: "M"))
            for field in fields {
                out.append(0x09)
                Field.encode(field, into: &out)
            }
            out.append(0x0A)
        }
        return out
    }

    /// One tab-separated field: `\N` for nil, backslash escapes for `\`, tab, newline and CR.
    enum Field {
        static func encode(_ value: String?, into out: inout [UInt8]) {
            guard let value else {
                out += [0x5C, UInt8(ascii: "N")]
                return
            }
            let plain = value.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
                guard !bytes.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return false }
                out.append(contentsOf: bytes)
                return true
            }
            if plain == true { return }
            for byte in value.utf8 {
                switch byte {
                case 0x5C: out += [0x5C, 0x5C]
                case 0x09: out += [0x5C, UInt8(ascii: "t")]
                case 0x0A: out += [0x5C, UInt8(ascii: "n")]
                case 0x0D: out += [0x5C, UInt8(ascii: "r")]
                default: out.append(byte)
                }
            }
        }

        static func decode(_ field: ArraySlice<UInt8>) -> String? {
            if field.count == 2, field.first == 0x5C, field.last == UInt8(ascii: "N") { return nil }
            guard field.contains(0x5C) else { return String(decoding: field, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(field.count)
            var escaping = false
            for byte in field {
                if escaping {
                    switch byte {
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    default: out.append(byte)
                    }
                    escaping = false
                } else if byte == 0x5C {
                    escaping = true
                } else {
                    out.append(byte)
                }
            }
            return String(decoding: out, as: UTF8.self)
        }

        /// 16 lowercase hex digits → the value (nil unless exactly that).
        static func hex(_ field: ArraySlice<UInt8>) -> UInt64? {
            guard field.count == 16 else { return nil }
            var value: UInt64 = 0
            for byte in field {
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                default: return nil
                }
                value = value << 4 | UInt64(digit)
            }
            return value
        }

        private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

        static func hex(_ value: UInt64, into out: inout [UInt8]) {
            for shift in stride(from: 60, through: 0, by: -4) { out.append(digits[Int((value >> UInt64(shift)) & 0xF)]) }
        }
    }
}
