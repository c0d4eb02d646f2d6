import Foundation

/// A log message with its variable parts masked, so lines that differ only in numbers, ids, hex,
/// addresses or quoted values group as one candidate indicator:
/// `2026-11-27T11:42:14Z ERROR timeout after 5000ms order="A-1" trace=2a98f90bdae6` →
/// `ERROR timeout after <num>ms order="<str>" trace=<hex>`.
public enum MessageTemplate {
    /// Masks applied in order (earlier ones protect their text from later ones); templates may use `$1`.
    private static let rules: [(NSRegularExpression, String)] = [
        (#""(?:[^"\\]|\\.)*""#, #""<str>""#),
        (#"(?<![A-Za-z0-9])'(?:[^'\\]|\\.)*'"#, "'<str>'"),
        (#"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?"#, "<time>"),
        (#"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b"#, "<id>"),
        (#"\b0[xX][0-9a-fA-F]+\b"#, "<hex>"),
        (#"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b"#, "<ip>"),
        (#"\b(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b"#, "<hex>"),
        (#"\b\d+(?:\.\d+)?(ns|us|µs|ms|s|m|h|d|[KMGTP]i?B|B|%)(?![A-Za-z0-9_])"#, "<num>$1"),
        (#"\b(?=[A-Za-z0-9_-]*[0-9][A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9_-]{5,}\b"#, "<id>"),
        (#"(?<![A-Za-z0-9<_])[-+]?\d+(?:\.\d+)?"#, "<num>"),
    ].compactMap { pattern, replacement in
        (try? NSRegularExpression(pattern: pattern)).map { ($0, replacement) }
    }

    /// The template of one line (its own leading timestamp dropped, whitespace runs collapsed).
    public static func make(_ line: String) -> String {
        var text = EvidenceMoments.withoutLeadingTimestamp(line)
        for (rule, replacement) in rules {
            text = rule.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: replacement)
        }
        return text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
