/// What a postmortem body says that other pages summarise: the first paragraph of its Summary and
/// the task-list items (`- [ ]` open, `- [x]` done) of every Action items section. Fenced code,
/// HTML comments (the template's prompts) and machine-region markers are skipped; items still
/// holding a template placeholder (`[[owner]]`) are not actions yet.
public struct PostmortemBodyDigest: Sendable, Equatable {
    /// One task-list item.
    public struct ActionItem: Sendable, Equatable {
        public var done: Bool
        /// The item as plain text (links keep their text, emphasis and code marks are dropped).
        public var text: String
    }

    /// The Summary's first paragraph as plain text; nil while it holds only the template's prompt.
    public var summary: String?
    public var actionItems: [ActionItem]

    /// The longest summary kept (then `…`).
    static let summaryLimit = 400
    /// The longest action item text kept.
    static let actionLimit = 240

    /// Reads `body` (the Markdown after the front matter).
    public static func parse(_ body: String) -> PostmortemBodyDigest {
        var fence: (marker: Character, count: Int)?
        var inComment = false
        var section = ""
        var actionLevel: Int?
        var summaryLines: [String] = []
        var summaryDone = false
        var actions: [ActionItem] = []

        for raw in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if let open = fence {
                if fenceMarker(trimmed).map({ $0.marker == open.marker && $0.count >= open.count && isBareFence(trimmed) }) ?? false { fence = nil }
                continue
            }
            if inComment {
                if trimmed.contains("-->") { inComment = false }
                continue
            }
            if let marker = fenceMarker(trimmed) {
                fence = marker
                if section == "summary", !summaryLines.isEmpty { summaryDone = true }
                continue
            }
            if trimmed.hasPrefix("<!--") {
                if !trimmed.contains("-->") { inComment = true }
                continue
            }
            if let (level, title) = heading(trimmed) {
                if section == "summary", !summaryLines.isEmpty { summaryDone = true }
                section = normalised(title)
                if section == "action items" {
                    actionLevel = level
                } else if let current = actionLevel, level <= current {
                    actionLevel = nil
                }
                continue
            }
            if section == "summary", !summaryDone {
                if trimmed.isEmpty {
                    if !summaryLines.isEmpty { summaryDone = true }
                } else {
                    summaryLines.append(String(withoutListMarker(trimmed)))
                }
            }
            if actionLevel != nil, let item = taskItem(trimmed), !item.text.contains("[[") {
                let text = plain(String(item.text), limit: actionLimit)
                if !text.isEmpty { actions.append(ActionItem(done: item.done, text: text)) }
            }
        }
        let summary = plain(summaryLines.joined(separator: " "), limit: summaryLimit)
        return PostmortemBodyDigest(summary: summary.isEmpty ? nil : summary, actionItems: actions)
    }

    /// An ATX heading: `## Action items` → (2, "Action items").
    static func heading(_ line: Substring) -> (Int, Substring)? {
        let hashes = line.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " || rest.first == "\t" else { return nil }
        var title = rest.trimmingSpaces
        while title.last == "#" { title = title.dropLast() }
        return (hashes, title.trimmingSpaces)
    }

    /// Lowercased, trimmed, without a trailing colon.
    static func normalised(_ title: Substring) -> String {
        var t = String(title.trimmingSpaces).lowercased()
        while t.hasSuffix(":") { t.removeLast() }
        return t
    }

    /// ``` or ~~~ (three or more) opening or closing a fenced block.
    static func fenceMarker(_ line: Substring) -> (marker: Character, count: Int)? {
        guard let first = line.first, first == "`" || first == "~" else { return nil }
        let count = line.prefix(while: { $0 == first }).count
        return count >= 3 ? (first, count) : nil
    }

    /// A closing fence has nothing after its marker but spaces.
    static func isBareFence(_ line: Substring) -> Bool {
        line.drop(while: { $0 == "`" || $0 == "~" }).allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// `- [ ] text`, `* [x] text`, `1. [X] text`.
    static func taskItem(_ line: Substring) -> (done: Bool, text: Substring)? {
        var rest = line
        if let bullet = rest.first, bullet == "-" || bullet == "*" || bullet == "+" {
            rest = rest.dropFirst()
        } else {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, digits.count <= 9 else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let close = rest.first, close == "." || close == ")" else { return nil }
            rest = rest.dropFirst()
        }
        guard rest.first == " " || rest.first == "\t" else { return nil }
        rest = rest.drop(while: { $0 == " " || $0 == "\t" })
        guard rest.count >= 3, rest.first == "[" else { return nil }
        let mark = rest[rest.index(after: rest.startIndex)]
        guard rest[rest.index(rest.startIndex, offsetBy: 2)] == "]", mark == " " || mark == "x" || mark == "X" else { return nil }
        let text = rest.dropFirst(3)
        guard text.isEmpty || text.first == " " || text.first == "\t" else { return nil }
        return (mark != " ", text.trimmingSpaces)
    }

    /// A paragraph line without a leading list marker.
    static func withoutListMarker(_ line: Substring) -> Substring {
        if let first = line.first, first == "-" || first == "*" || first == "+", line.dropFirst().first == " " {
            return line.dropFirst(2)
        }
        return line
    }

    /// Inline Markdown as plain text: `[text](url)` keeps its text, `` ` ``, `*`, `__`, `~~` and inline
    /// HTML tags go, backslash escapes are undone, whitespace runs become one space; at most `limit` characters.
    static func plain(_ text: String, limit: Int) -> String {
        var out = ""
        var chars = Array(text)[...]
        func space() { if !out.isEmpty, out.last != " " { out.append(" ") } }
        while let c = chars.first {
            chars = chars.dropFirst()
            switch c {
            case "\\":
                if let next = chars.first, next.isPunctuation || next.isSymbol {
                    out.append(next)
                    chars = chars.dropFirst()
                } else {
                    out.append(c)
                }
            case "`", "*":
                continue
            case "_" where chars.first == "_", "~" where chars.first == "~":
                chars = chars.dropFirst()
            case "[":
                // `[text](url)` → text; any other bracket stays.
                if let close = chars.firstIndex(of: "]"), chars.index(after: close) < chars.endIndex,
                   chars[chars.index(after: close)] == "(", let end = chars[close...].firstIndex(of: ")") {
                    out += plain(String(chars[chars.startIndex..<close]), limit: Int.max)
                    chars = chars[chars.index(after: end)...]
                } else {
                    out.append(c)
                }
            case "<":
                // Inline HTML tags (`<kbd>`, `</span>`) go; an autolink keeps its URL.
                if let next = chars.first, next.isLetter || next == "/" || next == "!",
                   let close = chars.prefix(200).firstIndex(of: ">"), !chars[chars.startIndex..<close].contains("<") {
                    let inner = String(chars[chars.startIndex..<close])
                    if inner.hasPrefix("http://") || inner.hasPrefix("https://") { out += inner }
                    chars = chars[chars.index(after: close)...]
                } else {
                    out.append(c)
                }
            case " ", "\t", "\n", "\r":
                space()
            default:
                out.append(c)
            }
        }
        var result = String(out.trimmingSpaces)
        if result.count > limit { result = String(result.prefix(limit - 1)).trimmingTrailingSpaces + "…" }
        return result
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: Substring {
        let s = self[...].drop(while: { $0 == " " || $0 == "\t" })
        var end = s.endIndex
        while end > s.startIndex, s[s.index(before: end)] == " " || s[s.index(before: end)] == "\t" { end = s.index(before: end) }
        return Substring(s[s.startIndex..<end])
    }

    fileprivate var trimmingTrailingSpaces: String {
        var s = String(self)
        while s.last == " " { s.removeLast() }
        return s
    }
}
