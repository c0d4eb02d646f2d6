import Redaction
import Settings
import Testing

@Suite("Redaction: configured keywords and rules")
struct RedactionConfigTests {
    @Test("Keywords are replaced wherever they appear; empty and blank keywords are ignored")
    func keywords() throws {
        let redactor = try Redactor(config: RedactionConfig(keywords: ["db-prod-7.internal", "", "  ", "Acme Corp"]))
        let result = redactor.redact("ssh db-prod-7.internal: connection refused (Acme Corp, db-prod-7.internal:5432)")
        #expect(result.text == "ssh [REDACTED:keyword]: connection refused ([REDACTED:keyword], [REDACTED:keyword]:5432)")
        #expect(result.rules == ["keyword": 3])
        #expect(redactor.redact("nothing here to see") == Redacted(text: "nothing here to see", count: 0, rules: [:]))
    }

    @Test("Overlapping keywords become one marker; a keyword inside a marker is left alone")
    func overlappingKeywords() throws {
        let redactor = try Redactor(config: RedactionConfig(keywords: ["alpha-beta", "beta-gamma", "RED", "value"]))
        let once = redactor.redact("x alpha-beta-gamma y password=zz")
        #expect(once.text == "x [REDACTED:keyword] y password=[REDACTED:key-value-secret]")
        let twice = redactor.redact(once.text)
        #expect(twice == Redacted(text: once.text, count: 0, rules: [:]))
    }

    @Test("A configured rule uses its name in the default marker, or its replacement template")
    func configuredRules() throws {
        let redactor = try Redactor(config: RedactionConfig(rules: [
            RedactionRuleConfig(name: "employee-id", pattern: #"\bEMP-\d{6}\b"#),
            RedactionRuleConfig(name: "card", pattern: #"\b(\d{4})[ -]?\d{4}[ -]?\d{4}[ -]?(\d{4})\b"#, replacement: "$1-****-****-$2"),
        ]))
        let result = redactor.redact("refund for EMP-004211 card 4111 1111 1111 1234 ok")
        #expect(result.text == "refund for [REDACTED:employee-id] card 4111-****-****-1234 ok")
        #expect(result.rules == ["employee-id": 1, "card": 1])
        #expect(redactor.redact(result.text) == Redacted(text: result.text, count: 0, rules: [:]))
    }

    @Test("A configured rule that matches the empty string changes nothing")
    func emptyMatches() throws {
        let redactor = try Redactor(config: RedactionConfig(rules: [RedactionRuleConfig(name: "maybe", pattern: "x*")]))
        #expect(redactor.redact("abc") == Redacted(text: "abc", count: 0, rules: [:]))
        #expect(redactor.redact("axxb").text == "a[REDACTED:maybe]b")
    }

    @Test("A bad configured regex is refused with the rule's name and the parser's reason")
    func invalidPattern() {
        let config = RedactionConfig(rules: [RedactionRuleConfig(name: "ticket", pattern: #"TICKET-(\d+"#)])
        #expect(throws: ConfigError.invalidValue(path: "redaction.rules[name=ticket]", reason: #"invalid pattern 'TICKET-(\d+': expected ')'"#)) {
            try Redactor(config: config)
        }
        do {
            _ = try Redactor(config: config)
        } catch {
            #expect("\(error)" == #"configuration key 'redaction.rules[name=ticket]': invalid pattern 'TICKET-(\d+': expected ')'"#)
        }
    }

    @Test("An unbounded lookbehind, which ICU refuses, is reported as such")
    func icuOnlyRefusal() {
        let config = RedactionConfig(rules: [RedactionRuleConfig(name: "lb", pattern: "(?<=a+)b")])
        #expect(throws: ConfigError.invalidValue(
            path: "redaction.rules[name=lb]",
            reason: "invalid pattern '(?<=a+)b': the ICU regular-expression engine rejects it (lookbehinds need a bounded length; (?P<name>…) is not ICU syntax)")
        ) {
            try Redactor(config: config)
        }
    }

    @Test("Names: empty, unusable, duplicate or built-in names are refused", arguments: [
        ([RedactionRuleConfig(name: "", pattern: "x")],
         ConfigError.invalidValue(path: "redaction.rules[0].name", reason: "'' is not a usable rule name: use letters, digits, '.', '_' or '-'")),
        ([RedactionRuleConfig(name: "ok", pattern: "x"), RedactionRuleConfig(name: "a b]", pattern: "x")],
         ConfigError.invalidValue(path: "redaction.rules[1].name", reason: "'a b]' is not a usable rule name: use letters, digits, '.', '_' or '-'")),
        ([RedactionRuleConfig(name: "x", pattern: "a"), RedactionRuleConfig(name: "x", pattern: "b")],
         ConfigError.invalidValue(path: "redaction.rules[name=x]", reason: "the name is already used by another rule")),
        ([RedactionRuleConfig(name: "jwt", pattern: "a")],
         ConfigError.invalidValue(path: "redaction.rules[name=jwt]", reason: "the name is already used by a built-in rule")),
        ([RedactionRuleConfig(name: "keyword", pattern: "a")],
         ConfigError.invalidValue(path: "redaction.rules[name=keyword]", reason: "the name is already used by a built-in rule")),
        ([RedactionRuleConfig(name: "e", pattern: "")],
         ConfigError.invalidValue(path: "redaction.rules[name=e]", reason: "empty pattern")),
    ])
    func invalidNames(rules: [RedactionRuleConfig], error: ConfigError) {
        #expect(throws: error) { try Redactor(config: RedactionConfig(rules: rules)) }
    }
}
