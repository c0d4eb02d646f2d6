/// Timeline text: one line, bounded.
enum OneLine {
    /// The longest summary a timeline entry carries, in characters.
    static let summaryLimit = 500

    /// `text` with line breaks, tabs and control characters turned into single spaces,
    /// trimmed, and cut to at most `limit` characters (ending in `…` when cut).
    static func bounded(_ text: String, limit: Int = summaryLimit) -> String {
        var out = ""
        var count = 0
        var pendingSpace = false
        for character in text {
            if character.isWhitespace || character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                pendingSpace = count > 0
                continue
            }
            if pendingSpace {
                out.append(" ")
                count += 1
                pendingSpace = false
            }
            out.append(character)
            count += 1
            if count > limit { break }
        }
        guard count > limit else { return out }
        return String(out.prefix(max(limit - 1, 0))) + "…"
    }

    /// `bounded(text)`, or nil when the text is absent or blank.
    static func optional(_ text: String?, limit: Int = summaryLimit) -> String? {
        guard let text else { return nil }
        let line = bounded(text, limit: limit)
        return line.isEmpty ? nil : line
    }
}
