// Redaction owns secret redaction before storage: the built-in and configured rules and the
// markers they leave. It is pure text in, text out: no I/O, no storage.

import Foundation
import Settings

/// Replaces secrets with `[REDACTED:<rule>]` before anything is stored (README.md, "Evidence capture").
///
/// Rules run in order: `redaction.keywords` (rule `keyword`), then `redaction.rules` in their
/// order, then the built-in table (`Redactor.builtInRuleNames`). Each rule finds its keywords
/// with one cheap pass over the bytes and runs its regular expression (ICU, through
/// `NSRegularExpression`: 30-36× faster than Swift `Regex` on Linux, measured on 1 MB) only in
/// windows around them, so text without any keyword costs one scan. The key, header name,
/// scheme and URL host stay visible; only the secret is replaced
/// (`password=[REDACTED:key-value-secret]`).
///
/// Guarantees: text without a secret comes back unchanged; redacting twice changes nothing and
/// counts 0 (a candidate that is already only markers is skipped, nothing is cut inside a
/// marker, and rounds repeat until the text is a fixed point). Configured rules with their own
/// `replacement` are idempotent only if their pattern does not match that replacement.
///
/// Redact a whole output at once, not line by line: a PEM key's body lines carry no keyword of
/// their own. A PEM block whose END line is missing (truncated output) is redacted to the end.
public struct Redactor: Sendable {
    /// Names of the built-in rules, in the order they run.
    public static var builtInRuleNames: [String] { DefaultRules.names }
    /// Rule name of `redaction.keywords`.
    public static let keywordRuleName = ConfiguredRules.keywordRuleName
    /// Rule name written into a label or annotation whose key names a secret.
    public static let secretLabelRuleName = SecretLabelKey.ruleName

    private let rules: [RedactionRule]
    /// Hits of rule i are owner i; owner `rules.count` is the marker prefix `[REDACTED`.
    private let scanner: KeywordScanner

    /// Compiles the built-in rules, `config.keywords` and `config.rules`; throws a
    /// `ConfigError` naming the rule (`redaction.rules[name=x]`) when one is refused.
    public init(config: RedactionConfig = RedactionConfig()) throws {
        let builtIn = try DefaultRules.compiled.get()
        let configured = try ConfiguredRules.compile(config.rules, reservedNames: DefaultRules.names)
        rules = (ConfiguredRules.keywordRule(config.keywords).map { [$0] } ?? []) + configured + builtIn
        var keywords: [KeywordScanner.Keyword] = []
        for (owner, rule) in rules.enumerated() {
            keywords += rule.keywords.map { .init(bytes: Array($0.text.utf8), caseInsensitive: $0.caseInsensitive, owner: owner) }
        }
        keywords.append(.init(bytes: RedactionMarker.prefix, caseInsensitive: false, owner: rules.count))
        scanner = KeywordScanner(keywords, ownerCount: rules.count + 1)
    }

    /// `text` with every secret replaced, and what was replaced.
    public func redact(_ text: String) -> Redacted {
        var bytes = Array(text.utf8)
        var hits = bytes.withUnsafeBufferPointer(scanner.scan)
        var counts: [String: Int] = [:]
        // A replacement can join text into a new match for an earlier rule (a URL whose `/` was
        // inside a header value): rounds repeat until one changes nothing, so the result is a
        // fixed point and redacting it again is a no-op. Only templates of configured rules can
        // keep adding text; they stop after `maximumRounds`.
        for _ in 0..<Self.maximumRounds {
            guard redactionRound(&bytes, hits: &hits, counts: &counts) else { break }
        }
        guard !counts.isEmpty else { return Redacted(text: text, count: 0, rules: [:]) }
        return Redacted(text: String(decoding: bytes, as: UTF8.self), count: counts.values.reduce(0, +), rules: counts)
    }

    private static let maximumRounds = 4

    /// Every rule once, in order; whether anything changed. `hits` are the scanner's hits in
    /// `bytes`, kept up to date.
    private func redactionRound(_ bytes: inout [UInt8], hits: inout [[KeywordScanner.Hit]], counts: inout [String: Int]) -> Bool {
        var changed = false
        for (owner, rule) in rules.enumerated() where !(hits[owner].isEmpty && !rule.keywords.isEmpty) {
            let result: [UInt8]? = bytes.withUnsafeBufferPointer { buffer in
                let markers = RedactionMarker.spans(in: buffer, hits: hits[rules.count])
                let edits = RulePass(rule: rule, text: buffer, markers: markers).edits(hits: hits[owner])
                guard !edits.isEmpty else { return nil }
                counts[rule.name, default: 0] += edits.count
                return Self.apply(edits, to: buffer)
            }
            guard let result else { continue }
            bytes = result
            changed = true
            hits = bytes.withUnsafeBufferPointer(scanner.scan)
        }
        return changed
    }

    private static func apply(_ edits: [Edit], to text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.count + edits.count * 32)
        var position = 0
        for edit in edits {
            output += text[position..<edit.range.lowerBound]
            output += edit.replacement
            position = edit.range.upperBound
        }
        output += text[position...]
        return output
    }
}
