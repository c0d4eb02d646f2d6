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

        for raw in lines(body) {
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

    /// `body` split at `\n` characters. Without a `\r` every `\n` byte is a character of its own,
    /// so the split runs on the bytes (by `Character` it was half of this parse); a
    /// `\r\n` is one character, which the character split keeps inside its line, as before.
    static func lines(_ body: String) -> [Substring] {
        var text = body
        let breaks: [Int]? = text.withUTF8 { bytes in
            var breaks: [Int] = []
            for (offset, byte) in bytes.enumerated() {
                if byte == 0x0D { return nil }
                if byte == 0x0A { breaks.append(offset) }
            }
            return breaks
        }
        guard let breaks else { return body.split(separator: "\n", omittingEmptySubsequences: false) }
        var lines: [Substring] = []
        lines.reserveCapacity(breaks.count + 1)
        let utf8 = text.utf8
        var start = utf8.startIndex
        for offset in breaks {
            let end = utf8.index(utf8.startIndex, offsetBy: offset)
            lines.append(text[start..<end])
            start = utf8.index(after: end)
        }
        lines.append(text[start...])
        return lines
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
        // ASCII without `\r` (nearly every summary and action item) is one character per byte:
        // the same rules run over the bytes, several times faster than over `Character`s.
        if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            let out = plainASCII(Array(text.utf8)[...])
            if out.count <= limit { return String(decoding: out, as: UTF8.self) }
            var cut = out.prefix(limit - 1)
            while cut.last == 0x20 { cut.removeLast() }
            return String(decoding: cut, as: UTF8.self) + "…"
        }
        return plainCharacters(text, limit: limit)
    }

    /// `plain` over ASCII bytes (no `\r`), trimmed, without the limit.
    static func plainASCII(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var chars = text
        func space() { if let last = out.last, last != 0x20 { out.append(0x20) } }
        while let c = chars.first {
            chars = chars.dropFirst()
            switch c {
            case 0x5C:  // backslash: an escaped punctuation or symbol character stays, alone
                if let next = chars.first, (0x21...0x2F).contains(next) || (0x3A...0x40).contains(next)
                    || (0x5B...0x60).contains(next) || (0x7B...0x7E).contains(next) {
                    out.append(next)
                    chars = chars.dropFirst()
                } else {
                    out.append(c)
                }
            case 0x60, 0x2A:  // ` *
                continue
            case 0x5F where chars.first == 0x5F, 0x7E where chars.first == 0x7E:  // __ ~~
                chars = chars.dropFirst()
            case 0x5B:  // [text](url) → text
                if let close = chars.firstIndex(of: 0x5D), close + 1 < chars.endIndex, chars[close + 1] == 0x28,
                   let end = chars[close...].firstIndex(of: 0x29) {
                    out += plainASCII(chars[chars.startIndex..<close])
                    chars = chars[(end + 1)...]
                } else {
                    out.append(c)
                }
            case 0x3C:  // inline HTML tags go; an autolink keeps its URL
                if let next = chars.first, (0x41...0x5A).contains(next) || (0x61...0x7A).contains(next) || next == 0x2F || next == 0x21,
                   let close = chars.prefix(200).firstIndex(of: 0x3E), !chars[chars.startIndex..<close].contains(0x3C) {
                    let inner = chars[chars.startIndex..<close]
                    if inner.starts(with: "http://".utf8) || inner.starts(with: "https://".utf8) { out += inner }
                    chars = chars[(close + 1)...]
                } else {
                    out.append(c)
                }
            case 0x20, 0x09, 0x0A:
                space()
            default:
                out.append(c)
            }
        }
        let isBlank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let first = out.firstIndex(where: { !isBlank($0) }), let last = out.lastIndex(where: { !isBlank($0) }) else { return [] }
        return Array(out[first...last])
    }

    /// `plain` over `Character`s: any text.
    static func plainCharacters(_ text: String, limit: Int) -> String {
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
                    out += plainCharacters(String(chars[chars.startIndex..<close]), limit: Int.max)
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
