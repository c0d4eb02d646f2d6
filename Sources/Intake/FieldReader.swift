import AftermathCore
import Foundation

/// Checks decoded fields and reports problems at their JSON path.
struct FieldReader: Sendable {
    let source: WebhookSource

    /// A field that must be present and non-blank.
    func required(_ value: String?, at path: String) throws(PayloadError) -> String {
        guard let value else {
            throw PayloadError(source: source, path: path, reason: "required field is missing")
        }
        guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw PayloadError(source: source, path: path, reason: "required field is empty")
        }
        return value
    }

    /// An RFC 3339 time; nil when absent, empty or Go's zero time.
    func time(_ text: String?, at path: String) throws(PayloadError) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        do {
            return try Timestamp.parse(text)
        } catch {
            throw PayloadError(source: source, path: path, reason: error.description)
        }
    }

    /// An error for a field whose value is not one of `expected`.
    func unexpected(_ value: String, at path: String, expected: [String]) -> PayloadError {
        PayloadError(source: source, path: path,
                     reason: "expected one of \(expected.joined(separator: ", ")); found \"\(SingleLine.bounded(value, limit: 64))\"")
    }
}
