/// The line syntax of GitHub-style pipe tables (GFM spec, "Tables (extension)"): rows split at
/// unescaped pipes, delimiter rows with their alignments, and the lines that end a table because
/// GFM starts another block there although CommonMark continues the paragraph.
enum PipeTableSyntax {
    /// A column's alignment, from the colons of its delimiter cell.
    enum Alignment: Sendable, Equatable {
        case none, left, center, right

        /// The cell's opening tag.
        func openTag(header: Bool) -> String {
            let name = header ? "th" : "td"
            switch self {
            case .none: return "<\(name)>"
            case .left: return "<\(name) align=\"left\">"
            case .center: return "<\(name) align=\"center\">"
            case .right: return "<\(name) align=\"right\">"
            }
        }
    }

    /// The cells of a row: outer pipes optional, split at pipes without a backslash in front, each
    /// trimmed. A backslash before a pipe is dropped (also inside code spans, as GFM says; cmark-gfm
    /// does so even after another backslash). No cells: not a row.
    static func cells(_ line: ArraySlice<UInt8>) -> [[UInt8]] {
        let text = trimmed(line)
        var i = text.startIndex
        if i < text.endIndex, text[i] == pipe { i += 1 }
        var cells: [[UInt8]] = []
        var start = i
        var escaped = false
        func cell(_ end: Int) -> [UInt8] {
            let raw = trimmed(text[start..<end])
            guard escaped else { return Array(raw) }
            var out: [UInt8] = []
            out.reserveCapacity(raw.count)
            for (k, byte) in zip(raw.indices, raw) where !(byte == backslash && k + 1 < raw.endIndex && raw[k + 1] == pipe) {
                out.append(byte)
            }
            return out
        }
        while i < text.endIndex {
            if text[i] == backslash, i + 1 < text.endIndex, text[i + 1] == pipe {
                escaped = true
                i += 2
            } else if text[i] == pipe {
                cells.append(cell(i))
                i += 1
                start = i
                escaped = false
            } else {
                i += 1
            }
        }
        if start < text.endIndex { cells.append(cell(text.endIndex)) }
        return cells
    }

    /// The alignments of a delimiter row (`| :--- | :-: | --: |`), or nil when `line` is not one.
    static func delimiter(_ line: ArraySlice<UInt8>) -> [Alignment]? {
        guard indentation(line) < 4 else { return nil }
        var text = trimmed(line)
        guard !text.isEmpty else { return nil }
        let hadLeadingPipe = text.first == pipe
        if hadLeadingPipe { text = text.dropFirst() }
        if text.last == pipe, !text.isEmpty { text = text.dropLast() }
        var alignments: [Alignment] = []
        for part in text.split(separator: pipe, omittingEmptySubsequences: false) {
            let cell = trimmed(part)
            var body = cell[...]
            let left = body.first == colon
            if left { body = body.dropFirst() }
            let right = body.last == colon
            if right { body = body.dropLast() }
            guard !body.isEmpty, body.allSatisfy({ $0 == hyphen }) else { return nil }
            alignments.append(left && right ? .center : left ? .left : right ? .right : .none)
        }
        // A lone marker without any pipe is a setext underline or a list in CommonMark; cmark never
        // leaves one inside a paragraph except `:--`, which GFM accepts for a one-column table.
        return alignments.isEmpty ? nil : alignments
    }

    /// Whether `line`, after a table's header and delimiter rows, ends the table: GFM starts a block
    /// there (indented code, a list not starting at 1, an empty list item, a `---` rule that
    /// CommonMark reads as a setext underline) where CommonMark keeps the paragraph going; a line
    /// without cells ends it too.
    static func endsTable(_ line: ArraySlice<UInt8>) -> Bool {
        if indentation(line) >= 4 { return true }
        let text = trimmed(line)
        // No cells: nothing, or a lone pipe.
        if text.isEmpty || (text.count == 1 && text.first == pipe) { return true }
        // A thematic break: three or more of one of - * _, spaces between.
        if let mark = text.first, mark == hyphen || mark == 0x2A || mark == 0x5F {
            var count = 0
            if text.allSatisfy({ byte in
                if byte == mark { count += 1; return true }
                return byte == 0x20 || byte == 0x09
            }), count >= 3 { return true }
        }
        // `-`, `*`, `+` alone: an empty bullet item.
        if text.count == 1, [hyphen, 0x2A, 0x2B].contains(text[text.startIndex]) { return true }
        // `N.` / `N)` followed by a space or the end: an ordered item (a paragraph is interrupted only by 1).
        var i = text.startIndex
        while i < text.endIndex, i - text.startIndex < 9, text[i] >= 0x30, text[i] <= 0x39 { i += 1 }
        if i > text.startIndex, i < text.endIndex, text[i] == 0x2E || text[i] == 0x29 {
            let next = i + 1
            if next == text.endIndex || text[next] == 0x20 || text[next] == 0x09 { return true }
        }
        return false
    }

    /// Leading spaces of `line` (a tab counts to the next multiple of 4).
    static func indentation(_ line: ArraySlice<UInt8>) -> Int {
        var width = 0
        for byte in line {
            if byte == 0x20 { width += 1 } else if byte == 0x09 { width += 4 - width % 4 } else { break }
        }
        return width
    }

    static func trimmed(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = text
        while let first = slice.first, isSpace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isSpace(last) { slice = slice.dropLast() }
        return slice
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C || byte == 0x0D || byte == 0x0A }

    static let pipe: UInt8 = 0x7C
    static let backslash: UInt8 = 0x5C
    static let colon: UInt8 = 0x3A
    static let hyphen: UInt8 = 0x2D
}
