import Foundation

/// How a postmortem cites evidence: `[ev-12](aftermath:evidence/ev-12)`, or one line of an item
/// `[ev-12#L5](aftermath:evidence/ev-12#L5)`. The generator writes citations, the checker finds
/// dangling ones, the site links them to evidence pages (and the line's anchor).
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

    /// The Markdown link citing line `line` (1-based) of `id`; nil when `id` is not an evidence id.
    public static func markdown(_ id: String, line: Int) -> String? {
        isEvidenceID(id) && line > 0 ? "[\(id)#L\(line)](\(prefix)\(id)#L\(line))" : nil
    }

    /// The evidence id a citation URL names; nil for any other URL or a malformed id.
    public static func citedID(_ url: String) -> String? {
        cited(url)?.id
    }

    /// The evidence id and line (`#L<n>`, nil for the whole item) a citation URL names; nil for any
    /// other URL, a malformed id or a fragment that is not a line.
    public static func cited(_ url: String) -> (id: String, line: Int?)? {
        guard url.hasPrefix(prefix) else { return nil }
        let target = url.dropFirst(prefix.count)
        let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
        guard isEvidenceID(parts[0]) else { return nil }
        guard parts.count == 2 else { return (String(parts[0]), nil) }
        let fragment = parts[1]
        guard fragment.hasPrefix("L"), (2...10).contains(fragment.utf8.count),
              fragment.utf8.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let line = Int(fragment.dropFirst()), line > 0 else {
            return nil
        }
        return (String(parts[0]), line)
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
