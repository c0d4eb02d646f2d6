import Foundation

/// The `cmark-gfm` command (Debian package `cmark-gfm`), used only as a test oracle for tables
/// and task lists, and an HTML normaliser so outputs are compared by structure (tags, attributes,
/// text), not by line breaks between block tags.
enum GFMOracle {
    /// cmark-gfm's HTML for `markdown` with the given extensions (safe mode, its default).
    static func render(_ markdown: String, extensions: [String] = ["table"]) async throws -> String {
        guard let binary = Programs.find("cmark-gfm") else {
            throw Wait.TimedOut(what: "the cmark-gfm command (apt-get install cmark-gfm; make test installs it)")
        }
        let result = try await runProgram(binary, extensions.flatMap { ["-e", $0] }, input: markdown)
        guard result.status == 0 else { throw Wait.TimedOut(what: "cmark-gfm (exit \(result.status)): \(result.stderr)") }
        return result.stdout
    }

    /// One token of HTML: a tag (attributes sorted) or a run of text (whitespace collapsed).
    enum Token: Equatable, CustomStringConvertible {
        case tag(String)
        case text(String)
        var description: String {
            switch self {
            case .tag(let t): return t
            case .text(let t): return "«\(t)»"
            }
        }
    }

    /// `html` as tokens; whitespace-only text between tags is dropped, other text has its runs of
    /// whitespace collapsed to one space (kept at the ends, where it separates words from tags);
    /// `rel="noopener noreferrer"` (the site's own addition to external links) is ignored.
    static func tokens(_ html: String) -> [Token] {
        var tokens: [Token] = []
        var text = ""
        func flushText() {
            let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" }
            let words = text.split(whereSeparator: isSpace).joined(separator: " ")
            if !words.isEmpty {
                let lead = text.first.map(isSpace) == true && !(tokens.last.map { if case .tag(let t) = $0 { return Self.isBlock(t) } else { return false } } ?? true)
                let trail = text.last.map(isSpace) == true
                tokens.append(.text((lead ? " " : "") + words + (trail ? " " : "")))
            }
            text = ""
        }
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            text += rest[..<open]
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            flushText()
            tokens.append(.tag(normalizedTag(String(rest[rest.index(after: open)..<close]))))
            rest = rest[rest.index(after: close)...]
        }
        text += rest
        flushText()
        return tokens
    }

    /// Block-level tags, after which a line break is layout, not a space between words.
    static func isBlock(_ tag: String) -> Bool {
        let name = tag.dropFirst().prefix { $0 != " " && $0 != ">" }.lowercased().replacingOccurrences(of: "/", with: "")
        return ["p", "li", "ul", "ol", "table", "thead", "tbody", "tr", "th", "td", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br", "input"].contains(name)
    }

    private static func normalizedTag(_ inner: String) -> String {
        var body = inner.trimmingCharacters(in: .whitespaces)
        if body.hasSuffix("/") { body = String(body.dropLast()).trimmingCharacters(in: .whitespaces) }
        if body.hasPrefix("!--") { return "<\(body)>" }
        body = body.replacingOccurrences(of: "rel=\"noopener noreferrer\"", with: "")
        var parts = body.split(separator: " ").map(String.init)
        guard !parts.isEmpty else { return "<>" }
        let name = parts.removeFirst()
        return "<" + ([name] + parts.sorted()).joined(separator: " ") + ">"
    }

    /// The tables of `html`: each row's cells as (tag with attributes, text content).
    static func tables(_ html: String) -> [[[String]]] {
        var tables: [[[String]]] = []
        var row: [String]?
        var cell: String?
        for token in tokens(html) {
            switch token {
            case .tag(let tag) where tag == "<table>": tables.append([])
            case .tag(let tag) where tag == "<tr>": row = []
            case .tag(let tag) where tag == "</tr>":
                if let row, !tables.isEmpty { tables[tables.count - 1].append(row) }
                row = nil
            case .tag(let tag) where tag.hasPrefix("<th") || tag.hasPrefix("<td"): cell = tag + " "
            case .tag(let tag) where tag == "</th>" || tag == "</td>":
                if let cell { row?.append(cell.split(separator: " ").joined(separator: " ")) }
                cell = nil
            case .text(let text): if cell != nil { cell! += text }
            default: break
            }
        }
        return tables
    }
}
