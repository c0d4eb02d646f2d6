import Foundation
import Settings

/// `redaction.keywords` and `redaction.rules` turned into rules, with errors that name the
/// rule and say why it was refused.
enum ConfiguredRules {
    /// The rule name of `redaction.keywords` in markers and counts.
    static let keywordRuleName = "keyword"

    /// One literal rule for all keywords; nil when none is set. Empty and blank keywords are
    /// ignored (they would match everywhere).
    static func keywordRule(_ keywords: [String]) -> RedactionRule? {
        var seen = Set<String>()
        let usable = keywords.filter { keyword in
            !keyword.allSatisfy(\.isWhitespace) && seen.insert(keyword).inserted
        }
        guard !usable.isEmpty else { return nil }
        return RedactionRule(
            name: keywordRuleName, keywords: usable.map { ScanKeyword(text: $0, caseInsensitive: false) },
            matcher: .literal, anchor: .none, lookbehind: 0, replacement: .marker, valueFilter: .none)
    }

    /// `redaction.rules`, compiled; each runs over the whole text.
    static func compile(_ configs: [RedactionRuleConfig], reservedNames: [String]) throws -> [RedactionRule] {
        var names = Set(reservedNames + [keywordRuleName])
        return try configs.enumerated().map { index, config in
            guard RedactionMarker.isValidName(config.name) else {
                throw ConfigError.invalidValue(
                    path: "redaction.rules[\(index)].name",
                    reason: "'\(config.name)' is not a usable rule name: use letters, digits, '.', '_' or '-'")
            }
            let path = "redaction.rules[name=\(config.name)]"
            guard names.insert(config.name).inserted else {
                let owner = reservedNames.contains(config.name) || config.name == keywordRuleName ? "a built-in rule" : "another rule"
                throw ConfigError.invalidValue(path: path, reason: "the name is already used by \(owner)")
            }
            guard !config.pattern.isEmpty else {
                throw ConfigError.invalidValue(path: path, reason: "empty pattern")
            }
            let regex: NSRegularExpression
            do {
                regex = try NSRegularExpression(pattern: config.pattern)
            } catch {
                throw ConfigError.invalidValue(path: path, reason: "invalid pattern '\(config.pattern)': \(diagnosis(of: config.pattern))")
            }
            return RedactionRule(
                name: config.name, keywords: [], matcher: .pattern(regex, secretGroups: [0]), anchor: .none, lookbehind: 0,
                replacement: config.replacement.map { .template($0) } ?? .marker, valueFilter: .none)
        }
    }

    /// Why ICU refused a pattern. ICU's own error says only "invalid value", so the pattern is
    /// parsed again by Swift's regex parser, whose messages name the problem ("expected ')'").
    static func diagnosis(of pattern: String) -> String {
        let fallback = "the ICU regular-expression engine rejects it (lookbehinds need a bounded length; (?P<name>…) is not ICU syntax)"
        do {
            _ = try Regex(pattern)
            return fallback
        } catch {
            let message = "\(error)"
            return message.contains("not currently supported") || message.isEmpty ? fallback : message
        }
    }
}
