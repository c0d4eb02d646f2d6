import Foundation

/// A postmortem file split into its front matter and body, as bytes: the one place the fences are found.
///
/// The front matter sits between a first line `---` (after an optional UTF-8 byte order mark) and
/// the next line that is `---` or `...`; spaces and tabs around a fence, and CRLF line ends, are tolerated.
public struct PostmortemDocument: Sendable {
    public let lines: ByteLines
    /// Line index of the closing `---` (the opening one is line 0).
    public let frontMatterEnd: Int

    public var bytes: [UInt8] { lines.bytes }

    /// Splits `bytes`; throws when there is no front matter block.
    public init(_ bytes: [UInt8]) throws(FrontMatterError) {
        let lines = ByteLines(bytes)
        self.lines = lines
        // A UTF-8 byte order mark before the opening fence is tolerated.
        guard !lines.lines.isEmpty, Self.isFence(Self.stripBOM(lines.text(0))) else { throw .missing }
        let closing = (1..<max(1, lines.lines.count)).first { index in
            let text = lines.text(index).trimmingWhitespace
            return text == "---" || text == "..."
        }
        guard let end = closing else { throw .unterminated }
        frontMatterEnd = end
    }

    /// `(front matter YAML, body)` of a whole file's text; without a front matter block the whole
    /// text (less a byte order mark) is the body.
    public static func split(_ text: String) -> (frontMatter: String?, body: String) {
        guard let document = try? PostmortemDocument(Array(text.utf8)) else {
            return (nil, text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        }
        return (document.frontMatterText, document.body)
    }

    /// The front matter's YAML text.
    public var frontMatterText: String {
        let from = lines.lines[0].end
        let to = lines.lines[frontMatterEnd].start
        return String(decoding: bytes[from..<to], as: UTF8.self)
    }

    /// The first line of the body.
    public var bodyFirstLine: Int { frontMatterEnd + 1 }

    /// The Markdown after the closing fence.
    public var body: String {
        String(decoding: bytes[lines.lines[frontMatterEnd].end...], as: UTF8.self)
    }

    /// The front matter's keys as text.
    public func fields() throws(FrontMatter.ParseError) -> FrontMatter.Fields {
        try FrontMatter.Fields(yaml: frontMatterText)
    }

    /// The `status` as written and what it means; nil when the file has none.
    public func status() throws(FrontMatter.ParseError) -> (text: String, meaning: PostmortemStatus?)? {
        try fields().status
    }

    /// Byte ranges of each top-level key's block in the front matter (the key line and the
    /// indented or `- ` lines after it).
    public func keyBlocks() -> [(key: String, range: Range<Int>, terminator: [UInt8])] {
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
        line.trimmingWhitespace == "---"
    }

    private static func stripBOM(_ line: String) -> String {
        line.hasPrefix("\u{FEFF}") ? String(line.dropFirst()) : line
    }
}
