import Foundation

/// How a postmortem cites evidence: `[ev-12](aftermath:evidence/ev-12)`. The generator writes
/// citations, the checker finds dangling ones, the site links them to evidence pages.
public enum EvidenceCitation {
    /// The URL scheme and path every citation starts with.
    public static let prefix = "aftermath:evidence/"

    /// Whether `text` names an evidence item: `ev-` followed by 1 to 21 digits.
    public static func isEvidenceID<S: StringProtocol>(_ text: S) -> Bool {
        guard text.hasPrefix("ev-"), text.utf8.count > 3, text.utf8.count <= 24 else { return false }
        return text.utf8.dropFirst(3).allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// The Markdown link citing `id`; nil when `id` is not an evidence id.
    public static func markdown(_ id: String) -> String? {
        isEvidenceID(id) ? "[\(id)](\(prefix)\(id))" : nil
    }

    /// The evidence id a citation URL names; nil for any other URL or a malformed id.
    public static func citedID(_ url: String) -> String? {
        guard url.hasPrefix(prefix) else { return nil }
        let id = url.dropFirst(prefix.count)
        return isEvidenceID(id) ? String(id) : nil
    }

    /// What every citation URL in `line` names, well formed or not (letters, digits, `-`, `_`, `.`
    /// after the prefix), so a checker can report the ones the archive does not hold.
    public static func citedTexts(in line: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(line)
        while let range = rest.range(of: prefix) {
            let id = rest[range.upperBound...].prefix(while: { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
            ids.append(String(id))
            rest = rest[range.upperBound...]
        }
        return ids
    }
}
