import Foundation

/// How a stored log line reads: an error, a warning, or neither. One rule for the postmortem's
/// error lines and the site log viewer's tint.
public enum LineSeverity: Sendable, Equatable {
    case error
    case warning

    private static let errorPattern = try? NSRegularExpression(
        pattern: #"(?i)(\b(error|fatal|panic|panicked|traceback|critical|crit|emerg)\b|exception\b)"#)
    private static let warningPattern = try? NSRegularExpression(pattern: #"(?i)\b(warn|warning)\b"#)

    /// `.error` for a line that reads as an error (it wins over a warning), `.warning`, or nil.
    public static func of(_ text: String) -> LineSeverity? {
        if asciiLacksEveryWord(text) { return nil }
        if matches(errorPattern, text) { return .error }
        if matches(warningPattern, text) { return .warning }
        return nil
    }

    /// Whether `text` reads as an error line.
    public static func isError(_ text: String) -> Bool {
        matches(errorPattern, text)
    }

    /// Words one of the patterns needs (lowercase): `critical` holds `crit`, `panicked` `panic`.
    private static let needles: [[UInt8]] = ["error", "fatal", "panic", "traceback", "crit", "emerg", "exception", "warn"].map { Array($0.utf8) }

    /// True when `text` is ASCII and, lowercased, contains none of `needles`: neither pattern can
    /// match, so the regular expressions (ICU, per line) are skipped. Non-ASCII text
    /// always goes to them, since case-insensitive matching folds some other letters to ASCII ones.
    private static func asciiLacksEveryWord(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return false }
            func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
            for start in bytes.indices {
                let first = lower(bytes[start])
                for needle in needles where needle[0] == first && start + needle.count <= bytes.count {
                    var k = 1
                    while k < needle.count, lower(bytes[start + k]) == needle[k] { k += 1 }
                    if k == needle.count { return false }
                }
            }
            return true
        } ?? false
    }

    private static func matches(_ pattern: NSRegularExpression?, _ text: String) -> Bool {
        guard let pattern else { return false }
        return pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
