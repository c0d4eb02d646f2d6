import PostmortemFormat

/// Escaping for untrusted text (titles, alert names, log lines, notes) placed into Markdown.
///
/// Payload text is one line of inline content: it can never start a block, close a table cell,
/// open a link, raw HTML or a code span, forge a region marker, or carry invisible bidi or control
/// characters into the file.
public enum MarkdownText {
    /// Characters that mean something inline in CommonMark/GFM: backslash-escaped.
    static let escaped: Set<Character> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "&", "~"]

    /// `text` as safe inline Markdown: one line, escaped, at most `limit` characters (then `…`).
    public static func inline(_ text: String, limit: Int? = nil) -> String {
        var flat = plain(text)
        if let limit, flat.count > limit { flat = String(flat.prefix(max(1, limit - 1))) + "…" }
        var out = ""
        out.reserveCapacity(flat.utf8.count + 8)
        for character in flat {
            if escaped.contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// `text` on one line without control, bidi or other invisible format characters; runs of
    /// whitespace become one space. Nothing is escaped (for file names, YAML, terminals).
    public static func plain(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isLineBreakOrSpace(scalar) {
                pendingSpace = !out.isEmpty
                continue
            }
            if scalar.isInvisible { continue }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(scalar)
        }
        return String(out)
    }

    private static func isLineBreakOrSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: return true
        default: return scalar.properties.generalCategory == .spaceSeparator
        }
    }
}
