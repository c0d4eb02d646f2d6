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
        if matches(errorPattern, text) { return .error }
        if matches(warningPattern, text) { return .warning }
        return nil
    }

    /// Whether `text` reads as an error line.
    public static func isError(_ text: String) -> Bool {
        matches(errorPattern, text)
    }

    private static func matches(_ pattern: NSRegularExpression?, _ text: String) -> Bool {
        guard let pattern else { return false }
        return pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}
