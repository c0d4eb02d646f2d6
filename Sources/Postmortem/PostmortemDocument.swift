import Foundation

/// A postmortem file split into its front matter and body, as bytes.
struct PostmortemDocument {
    let lines: ByteLines
    /// Line index of the closing `---` (the opening one is line 0).
    let frontMatterEnd: Int

    var bytes: [UInt8] { lines.bytes }

    /// Splits `bytes`; throws when there is no front matter block.
    init(_ bytes: [UInt8]) throws(FrontMatterError) {
        let lines = ByteLines(bytes)
        self.lines = lines
        // A UTF-8 byte order mark before the opening fence is tolerated.
        guard !lines.lines.isEmpty, Self.isFence(Self.stripBOM(lines.text(0))) else { throw .missing }
        let closing = (1..<max(1, lines.lines.count)).first { index in
            let text = lines.text(index).trimmingCharacters(in: .whitespaces)
            return text == "---" || text == "..."
        }
        guard let end = closing else { throw .unterminated }
        frontMatterEnd = end
    }

    /// The front matter's YAML text.
    var frontMatterText: String {
        let from = lines.lines[0].end
        let to = lines.lines[frontMatterEnd].start
        return String(decoding: bytes[from..<to], as: UTF8.self)
    }

    /// The first line of the body.
    var bodyFirstLine: Int { frontMatterEnd + 1 }

    /// The front matter parsed as YAML.
    func frontMatter() throws -> [String: Any] {
        try FrontMatter.parse(frontMatterText)
    }

    /// The `status` value, if it is a string.
    func status() throws -> String? {
        try frontMatter()["status"] as? String
    }

    /// Byte ranges of each top-level key's block in the front matter (the key line and the
    /// indented or `- ` lines after it).
    func keyBlocks() -> [(key: String, range: Range<Int>, terminator: [UInt8])] {
        var blocks: [(String, Range<Int>, [UInt8])] = []
        var index = 1
        while index < frontMatterEnd {
            let text = lines.text(index)
            guard let key = Self.topLevelKey(text) else {
                index += 1
                continue
            }
            var last = index
            while last + 1 < frontMatterEnd {
                let next = lines.text(last + 1)
                guard let first = next.first, first == " " || first == "\t" || first == "-" else { break }
                last += 1
            }
            blocks.append((key, lines.lines[index].start..<lines.lines[last].end, lines.terminator(last)))
            index = last + 1
        }
        return blocks
    }

    static func topLevelKey(_ line: String) -> String? {
        guard let first = line.first, first.isLetter || first == "_" else { return nil }
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon]
        guard key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else { return nil }
        let after = line[line.index(after: colon)...]
        guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        return String(key)
    }

    private static func isFence(_ line: String) -> Bool {
        line.trimmingCharacters(in: .whitespaces) == "---"
    }

    private static func stripBOM(_ line: String) -> String {
        line.hasPrefix("\u{FEFF}") ? String(line.dropFirst()) : line
    }
}
