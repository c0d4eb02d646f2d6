/// Text that must stay on one line: timeline entries, notes, error snippets, query names,
/// tag-file values. The one owner of how line breaks become spaces and how long text is cut.
public enum SingleLine {
    /// Each line break or tab becomes one space; runs are kept (`"a\n\nb"` → `"a  b"`).
    public static func spaced(_ text: String) -> String {
        String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    }

    /// Each run of characters matching `isBreak` becomes one space, with none at either end
    /// (`"a\n\nb\n"` → `"a b"`).
    public static func joined(_ text: some StringProtocol, breakingAt isBreak: (Character) -> Bool = \.isNewline) -> String {
        text.split(whereSeparator: isBreak).joined(separator: " ")
    }

    /// Each C0 control character or DEL becomes one space, scalar by scalar (`\r\n` is two): for
    /// formats read line by line as bytes.
    public static func controlsSpaced(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? " " : Character($0) })
    }

    /// `text` when it has at most `limit` characters; otherwise its first `limit - 1` and `…`.
    public static func capped(_ text: String, at limit: Int) -> String {
        text.count > limit ? String(text.prefix(max(limit - 1, 0))) + "…" : text
    }

    /// The longest summary a timeline entry carries, in characters.
    public static let summaryLimit = 500

    /// `text` with line breaks, tabs and control characters turned into single spaces,
    /// trimmed, and cut to at most `limit` characters (ending in `…` when cut).
    public static func bounded(_ text: String, limit: Int = summaryLimit) -> String {
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
        return capped(out, at: limit)
    }

    /// `bounded(text)`, or nil when the text is absent or blank.
    public static func optional(_ text: String?, limit: Int = summaryLimit) -> String? {
        guard let text else { return nil }
        let line = bounded(text, limit: limit)
        return line.isEmpty ? nil : line
    }
}
