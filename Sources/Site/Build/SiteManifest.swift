import Foundation

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
    public static func load(path: String) -> SiteManifest {
        guard let data = FileManager.default.contents(atPath: path) else { return SiteManifest() }
        var manifest = SiteManifest()
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: true)[...]
        guard lines.first.map({ String(Substring($0)) }) == header else { return SiteManifest() }
        lines = lines.dropFirst()
        manifest.pages.reserveCapacity(lines.count)
        for line in lines {
            let fields = line.split(separator: 0x09, omittingEmptySubsequences: false).map { Field.decode(Substring($0)) }
            switch fields.first ?? nil {
            case "P" where fields.count == 3:
                if let path = fields[1], let hash = fields[2].flatMap({ UInt64($0, radix: 16) }) { manifest.pages[path] = hash }
            case "M" where fields.count == 17:
                guard let name = fields[1], let modified = fields[2].flatMap({ Int64($0) }), let size = fields[3].flatMap({ Int64($0) }),
                      let hash = fields[4].flatMap({ UInt64($0, radix: 16) }) else { continue }
                var front: PostmortemFrontMatter?
                if let id = fields[6] {
                    front = PostmortemFrontMatter(
                        id: id, title: fields[7], status: fields[8].flatMap { PostmortemStatus(rawValue: $0) }, severity: fields[9],
                        services: (fields[10] ?? "").split(separator: "\u{1F}").map(String.init),
                        started: fields[11], detected: fields[12], acknowledged: fields[13], resolved: fields[14],
                        duration: fields[15], owner: fields[16])
                }
                manifest.postmortems[name] = PostmortemFile(
                    name: name, modified: modified, size: size, hash: hash, frontMatter: front, error: fields[5])
            default:
                continue
            }
        }
        return manifest
    }

    /// The manifest as text (sorted, so the file itself is stable).
    public func encoded() -> String {
        var out = Self.header + "\n"
        for path in pages.keys.sorted() {
            out += "P\t\(Field.encode(path))\t\(ContentHasher.hex(pages[path] ?? 0))\n"
        }
        for name in postmortems.keys.sorted() {
            guard let file = postmortems[name] else { continue }
            let f = file.frontMatter
            let fields: [String?] = [
                "M", file.name, String(file.modified), String(file.size), ContentHasher.hex(file.hash), file.error,
                f?.id, f?.title, f?.status?.rawValue, f?.severity, f.map { $0.services.joined(separator: "\u{1F}") },
                f?.started, f?.detected, f?.acknowledged, f?.resolved, f?.duration, f?.owner,
            ]
            out += fields.map(Field.encode).joined(separator: "\t") + "\n"
        }
        return out
    }

    /// One tab-separated field: `\N` for nil, backslash escapes for `\`, tab, newline and CR.
    enum Field {
        static func encode(_ value: String?) -> String {
            guard let value else { return "\\N" }
            guard value.unicodeScalars.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return value }
            var out = String.UnicodeScalarView()
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\\": out.append(contentsOf: "\\\\".unicodeScalars)
                case "\t": out.append(contentsOf: "\\t".unicodeScalars)
                case "\n": out.append(contentsOf: "\\n".unicodeScalars)
                case "\r": out.append(contentsOf: "\\r".unicodeScalars)
                default: out.append(scalar)
                }
            }
            return String(out)
        }

        static func decode(_ field: Substring) -> String? {
            if field == "\\N" { return nil }
            guard field.utf8.contains(0x5C) else { return String(field) }
            var out = String.UnicodeScalarView()
            var escaping = false
            for scalar in field.unicodeScalars {
                if escaping {
                    switch scalar {
                    case "t": out.append("\t")
                    case "n": out.append("\n")
                    case "r": out.append("\r")
                    default: out.append(scalar)
                    }
                    escaping = false
                } else if scalar == "\\" {
                    escaping = true
                } else {
                    out.append(scalar)
                }
            }
            return String(out)
        }
    }
}
