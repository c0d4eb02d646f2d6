import Foundation

/// One compiled rule: where to look (keywords), what to confirm (a regular expression or the
/// keyword itself), which part is the secret, and what replaces it.
struct RedactionRule: Sendable {
    /// How a candidate is confirmed.
    enum Matcher: Sendable {
        /// The keyword occurrence itself is the secret (`redaction.keywords`).
        case literal
        /// The first participating capture group of `secretGroups` is the secret (0 = the whole match).
        case pattern(NSRegularExpression, secretGroups: [Int])
    }

    /// What replaces a secret.
    enum Replacement: Sendable {
        /// `[REDACTED:<name>]`.
        case marker
        /// An `NSRegularExpression` template (`$0`, `$1`, `\$`), applied to the whole match.
        case template(String)
    }

    let name: String
    /// Keyword occurrences that a match must start at; empty = run on the whole text.
    let keywords: [ScanKeyword]
    let matcher: Matcher
    let anchor: Anchor
    /// How many bytes before a keyword the pattern may look at (lookbehinds).
    let lookbehind: Int
    let replacement: Replacement
    let valueFilter: ValueFilter

    /// The marker this rule writes: `[REDACTED:<name>]`.
    let marker: [UInt8]

    init(
        name: String, keywords: [ScanKeyword], matcher: Matcher, anchor: Anchor, lookbehind: Int,
        replacement: Replacement, valueFilter: ValueFilter
    ) {
        self.name = name
        self.keywords = keywords
        self.matcher = matcher
        self.anchor = anchor
        self.lookbehind = lookbehind
        self.replacement = replacement
        self.valueFilter = valueFilter
        self.marker = RedactionMarker.bytes(for: name)
    }
}

/// A keyword of a rule, before the rule is given its index in the scanner.
struct ScanKeyword: Sendable, Equatable {
    var text: String
    var caseInsensitive: Bool
}
