import Foundation

/// The built-in rule table (RELIABILITY.md §3). Names are stable: they appear in markers,
/// per-rule counts and the documentation. Order matters: specific token formats first, so
/// `password=ghp_…` reads `[REDACTED:github-token]`; the generic header and key/value rules
/// last, and they swallow earlier markers inside their value (`Cookie: a=[REDACTED:jwt]; b=1`
/// becomes `Cookie: [REDACTED:auth-header]`).
///
/// Every pattern starts with one of its keywords (the prefilter); none has nested unbounded
/// quantifiers, and the unbounded runs are possessive, so matching stays linear.
enum DefaultRules {
    /// One row of the table, before compilation.
    struct Spec: Sendable {
        var name: String
        var pattern: String
        var keywords: [String]
        var caseInsensitive = false
        /// Capture groups holding the secret, first participating wins; [0] = whole match.
        var secretGroups = [0]
        var anchor = Anchor.none
        var lookbehind = 1
        var valueFilter = ValueFilter.none
    }

    /// A marker already in a value: `[REDACTED]` or `[REDACTED:<name>]`.
    static let marker = #"\[REDACTED(?::[A-Za-z0-9._-]*)?\]"#

    /// `word` matching either case, as character classes (`[Tt][Oo]…`): ICU scans these
    /// faster than `(?i)`, which folds every character it looks at.
    static func caseless(_ word: String) -> String {
        word.map { $0.isLetter ? "[\($0.uppercased())\($0.lowercased())]" : String($0) }.joined()
    }

    /// `(?i)(?:passw(?:or)?d|secret|token|api[_-]?key|credential|private[_-]?key)`.
    static let secretKey = "(?:" + caseless("passw") + "(?:" + caseless("or") + ")?" + caseless("d") + "|" + caseless("secret")
        + "|" + caseless("token") + "|" + caseless("api") + "[_-]?" + caseless("key") + "|" + caseless("credential")
        + "|" + caseless("private") + "[_-]?" + caseless("key") + ")"

    /// Names of the built-in rules, in the order they run.
    static var names: [String] { specs.map(\.name) }

    static let specs: [Spec] = [
        Spec(
            name: "private-key",
            pattern: #"(?:-----BEGIN|---- BEGIN)[ A-Z0-9_]{0,100}PRIVATE KEY(?: BLOCK)?(?:-----| ----)\s*([\s\S]*?)\s*"#
                + #"(?:(?:-----END|---- END)[ A-Z0-9_]{0,100}PRIVATE KEY(?: BLOCK)?(?:-----| ----)|\z)"#,
            keywords: ["-----BEGIN", "---- BEGIN"], secretGroups: [1], anchor: .multiline, lookbehind: 0),
        Spec(
            name: "aws-access-key-id",
            pattern: #"(?<![A-Za-z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])"#,
            keywords: ["A3T", "AKIA", "ASIA", "ABIA", "ACCA"]),
        Spec(
            name: "aws-secret-access-key",
            pattern: caseless("aws") + "[_-]?" + caseless("secret") + "[_-]?" + caseless("access") + "[_-]?" + caseless("key") + #"(?:\\?["'])?[ \t]*[:=][ \t]*(?:\\?["'])?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])"#,
            keywords: ["aws_secret", "aws-secret", "awssecret"], caseInsensitive: true, secretGroups: [1], lookbehind: 0),
        Spec(
            name: "github-token",
            pattern: #"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{82,})"#,
            keywords: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"]),
        Spec(
            name: "gitlab-token",
            pattern: #"(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20,}"#,
            keywords: ["glpat-"]),
        Spec(
            name: "slack-token",
            pattern: #"(?<![A-Za-z0-9_])xox[baprs]-[A-Za-z0-9-]{10,}"#,
            keywords: ["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"]),
        Spec(
            name: "slack-webhook",
            pattern: #"(?i)hooks\.slack\.com\\?/(?:services|workflows|triggers)\\?/([A-Za-z0-9_/+\\-]{8,})"#,
            keywords: ["hooks.slack.com"], caseInsensitive: true, secretGroups: [1], lookbehind: 0),
        Spec(
            name: "stripe-key",
            pattern: #"(?<![A-Za-z0-9_])[sr]k_(?:test|live)_[0-9A-Za-z]{10,}"#,
            keywords: ["sk_test_", "sk_live_", "rk_test_", "rk_live_"]),
        Spec(
            name: "google-api-key",
            pattern: #"(?<![A-Za-z0-9_-])AIza[A-Za-z0-9_-]{35,}"#,
            keywords: ["AIza"]),
        Spec(
            name: "jwt",
            pattern: #"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}+\.eyJ[A-Za-z0-9_-]{8,}+\.[A-Za-z0-9_-]*+"#,
            keywords: ["eyJ"], anchor: .jwt),
        Spec(
            name: "url-credentials",
            pattern: #":(?://|\\/\\/)((?:[^\s/@:"'<>\[\]]|"# + marker + #")*+:[^\s/"'<>]+)@"#,
            keywords: ["://", #":\/\/"#], secretGroups: [1], anchor: .urlUserinfo, lookbehind: 0),
        Spec(
            name: "xml-secret",
            // `<password>…</password>`, `<apiKey attr="x">…</apiKey>` (configuration dumps, SOAP faults).
            pattern: "<(" + secretKey + #"[A-Za-z0-9_.:-]{0,40}+)(?:[ \t][^>\r\n]{0,200}+)?>([^<\r\n]++)</"#,
            keywords: [
                "<passwd", "<password", "<secret", "<token", "<apikey", "<api_key", "<api-key", "<credential",
                "<privatekey", "<private_key", "<private-key",
            ],
            caseInsensitive: true, secretGroups: [2], lookbehind: 0, valueFilter: .placeholders(keyGroup: 1)),
        Spec(
            name: "cli-credentials",
            // `curl -u user:pass`, `--user user:pass` (a uid:gid such as `-u 1000:1000` is left alone).
            // Both forms start at the `-u` keyword (overlapping keywords report one hit).
            // Group 1, the flag, stands as the key for the placeholder check (a user name such as
            // `admin` would read as an identifier key ending in `min`).
            pattern: #"((?<![A-Za-z0-9_-])-u|(?<=-)-user)(?:[ \t]++|=)['"]?[^\s:'"]++:([^\s'"]++)"#,
            keywords: ["-u"], secretGroups: [2], valueFilter: .placeholders(keyGroup: 1)),
        Spec(
            name: "mysql-password",
            // `mysql -uroot -pS3cret db`: the password glued to `-p` (`-p` alone prompts; `-P` is the port).
            pattern: #"(?:mysql|mariadb)[A-Za-z_-]{0,12}+[ \t][^\r\n]{0,200}?(?<=[ \t])(-p)([^\s'"-][^\s'"]*+)"#,
            keywords: ["mysql", "mariadb"], secretGroups: [2], lookbehind: 0, valueFilter: .placeholders(keyGroup: 1)),
        Spec(
            name: "auth-header",
            pattern: "(?:" + caseless("authorization") + "|" + caseless("cookie") + #")(?:\\?["'])?[ \t]*[:=][ \t]*(?:\[(?!REDACTED))?[ \t]*(?:\\?["'])?"#
                + #"(?:[A-Za-z][A-Za-z0-9_-]*+[ \t]++)?((?:"# + marker + #"|[^\r\n"'\\\]])+)"#,
            keywords: ["authorization", "cookie"], caseInsensitive: true, secretGroups: [1],
            anchor: .separator(keyTail: 0, dashDashSpace: false, header: true), lookbehind: 0),
        Spec(
            name: "key-value-secret",
            pattern: "(" + secretKey + #"[A-Za-z0-9_.-]{0,40}+)"#
                + #"(?:(?:\\?["'])?[ \t]*(?::=|=>|[:=])|(?<=--[A-Za-z0-9_.-]{0,80})[ \t](?=[ \t]*[^\s-]))[ \t]*"#
                + #"(?:\\?"((?:[^"\\\r\n]|\\[^"\r\n])*+)(?:\\?")?|'([^'\r\n]*+)'?"#
                + #"|(?!["'])((?:"# + marker + #"|[^\s"'`,;\&)}\]\[{(\\])(?:"# + marker + #"|[^\s"'`,;\&)}\]\\])*+))"#,
            keywords: [
                "passwd", "password", "secret", "token", "apikey", "api_key", "api-key", "credential",
                "privatekey", "private_key", "private-key",
            ],
            caseInsensitive: true, secretGroups: [2, 3, 4], anchor: .separator(keyTail: 40, dashDashSpace: true, header: false),
            lookbehind: 84, valueFilter: .placeholders(keyGroup: 1)),
    ]

    /// The table compiled once per process (the expressions are immutable and thread-safe).
    static let compiled = Result { try compile() }

    /// A built-in pattern that does not compile: a programming error, caught by the tests.
    struct InvalidBuiltInPattern: Error, CustomStringConvertible {
        var name: String
        var reason: String
        var description: String { "built-in redaction rule \(name): invalid pattern: \(reason)" }
    }

    private static func compile() throws -> [RedactionRule] {
        try specs.map { spec in
            let regex: NSRegularExpression
            do {
                regex = try NSRegularExpression(pattern: spec.pattern)
            } catch {
                throw InvalidBuiltInPattern(name: spec.name, reason: "\(error)")
            }
            return RedactionRule(
                name: spec.name,
                keywords: spec.keywords.map { ScanKeyword(text: $0, caseInsensitive: spec.caseInsensitive) },
                matcher: .pattern(regex, secretGroups: spec.secretGroups),
                anchor: spec.anchor, lookbehind: spec.lookbehind, replacement: .marker, valueFilter: spec.valueFilter)
        }
    }
}
