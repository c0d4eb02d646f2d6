import Foundation

/// The built-in rule table (README.md, "Evidence capture": what redaction catches). Names are stable: they appear in markers,
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

        /// A token format: `body` where a token may start (not right after a character of `notAfter`).
        static func token(_ name: String, notAfter: String, _ body: String, keywords: [String], anchor: Anchor = .none) -> Spec {
            Spec(
                name: name, pattern: EncodedForms.tokenStart(notAfter: notAfter) + body, keywords: keywords, anchor: anchor,
                lookbehind: EncodedForms.tokenStartLookbehind)
        }
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

    /// The start of a PEM header or footer word after its dashes: `-----BEGIN`, `---- BEGIN`
    /// (SSH2), with the space percent- or form-encoded too.
    private static func pemDashes(_ word: String) -> String {
        "(?:-----" + word + "|----" + EncodedForms.wordBreak + word + ")"
    }

    /// `<name>` of a secret element, in each encoding of `<` (the xml-secret keywords).
    private static let xmlKeywords: [String] = {
        let names = ["passwd", "password", "secret", "token", "apikey", "api_key", "api-key", "credential", "privatekey", "private_key", "private-key"]
        return ["<", "\\u003c", "%3c", "&lt;"].flatMap { open in names.map { open + $0 } }
    }()

    static let specs: [Spec] = {
        let e = EncodedForms.self
        let pemSpace = "(?: |%20|\\+)"
        let pemLabel = #"(?:[ A-Z0-9_+]|%20){0,100}PRIVATE"# + pemSpace + "KEY(?:" + pemSpace + "BLOCK)?(?:-----|" + pemSpace + "----)"
        // A body is what PEM blocks hold (base64, `Proc-Type: 4,ENCRYPTED` headers) in any of
        // the encodings, and runs to the END line or to the first character no key has (the
        // quote closing a JSON string, the next log text): a key cut short ends where it was cut.
        // Each run of whitespace is taken whole, and only when more body follows: no backtracking.
        let pemCharacters = #"(?:[A-Za-z0-9+/=:,._]++|\\++/|%(?:2[bBfFcC]|3[dDaA]))"#
        let pemWhitespace = #"(?:\s|\\++[nrt]|%0[aAdD9]|%20)"#
        let pemDash = "-(?!----END|---" + pemSpace + "END)"
        let pemBody = "((?:" + pemCharacters + "|" + pemDash + "|" + pemWhitespace + "++(?=" + pemCharacters + "|" + pemDash + "))*+)"
        // Loops take runs of ordinary characters whole (`[^…]++`) and the special ones one by one:
        // ICU keeps a backtracking frame per iteration even in a possessive loop, and runs
        // out of stack after some ten thousand of them.
        let urlUserinfoRaw = #":(?://|\\/\\/)((?:[^\s/@:"'<>\[\]]++|"# + marker + #")*+:[^\s/"'<>]+)@"#
        let urlUserinfoEncoded = #"%3[aA]%2[fF]%2[fF]((?:[^\s/@:"'<>\[\]%]++|%(?!3[aA]|40|2[fF])|"# + marker
            + #")*+%3[aA](?:[^\s/"'<>%]++|%(?!40|2[fF]))++)%40"#
        let xmlAttributes = #"(?:[^>\\%&\r\n]|\\(?!\\?u003[eE])|%(?!3[eE])|&(?!gt;)){0,200}+"#
        let xmlValue = #"((?:[^<\\%&\r\n]++|\\(?!\\?u003[cC]|[nr])|%(?!3[cC]|0[aAdD])|&(?!lt;))++)"#
        let cliValue = #"(?:[^\s:'"\\%]++|%(?!3[aA]|2[027])|\\++(?!["'nrt]))++"#
        let cliSecret = #"((?:[^\s'"\\%]++|%(?!2[027])|\\++(?!["'nrt]))++)"#
        let headerValue = "((?:" + #"[^\r\n"'\\\]%\[]++|"# + marker + #"|\[|\\++(?!["'nrt])|%(?!2[27]|0[aAdD]))++)"#
        let ordinary = { (excluded: String) in "(?:[^" + excluded + #"\[]++|"# + marker + #"|\[)"# }
        let urlKey = #"[A-Za-z0-9_.~%+\[\]-]{1,60}"#
        return [
            Spec(
                name: "private-key",
                pattern: pemDashes("BEGIN") + pemLabel + pemWhitespace + "*+" + pemBody,
                keywords: ["-----BEGIN", "---- BEGIN", "----%20BEGIN", "----+BEGIN"], secretGroups: [1], anchor: .multiline, lookbehind: 0),
            .token("aws-access-key-id", notAfter: "A-Za-z0-9", #"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])"#,
                   keywords: ["A3T", "AKIA", "ASIA", "ABIA", "ACCA"]),
            Spec(
                name: "aws-secret-access-key",
                pattern: caseless("aws") + "[_-]?" + caseless("secret") + "[_-]?" + caseless("access") + "[_-]?" + caseless("key")
                    + e.quote + "?" + e.wordBreak + "*" + e.separator + e.wordBreak + "*" + e.quote + "?"
                    + #"((?:[A-Za-z0-9/+=]|%2[FfBb]|%3[Dd]){40})(?!(?:[A-Za-z0-9/+=]|%2[FfBb]|%3[Dd]))"#,
                keywords: ["aws_secret", "aws-secret", "awssecret"], caseInsensitive: true, secretGroups: [1], lookbehind: 0),
            .token("github-token", notAfter: "A-Za-z0-9_", #"(?:gh[pousr]_[A-Za-z0-9]{36,}+|github_pat_[A-Za-z0-9_]{82,}+)"#,
                   keywords: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"]),
            .token("gitlab-token", notAfter: "A-Za-z0-9_", #"glpat-[A-Za-z0-9_-]{20,}+"#, keywords: ["glpat-"]),
            .token("slack-token", notAfter: "A-Za-z0-9_", #"xox[baprs]-[A-Za-z0-9-]{10,}+"#,
                   keywords: ["xoxb-", "xoxa-", "xoxp-", "xoxr-", "xoxs-"]),
            Spec(
                name: "slack-webhook",
                pattern: #"(?i)hooks\.slack\.com"# + e.slash + "(?:services|workflows|triggers)" + e.slash
                    + #"((?=(?:[A-Za-z0-9_/+\\-]|%2[fF]){8})(?:[A-Za-z0-9_/+\\-]++|%2[fF])++)"#,
                keywords: ["hooks.slack.com"], caseInsensitive: true, secretGroups: [1], lookbehind: 0),
            .token("stripe-key", notAfter: "A-Za-z0-9_", #"[sr]k_(?:test|live)_[0-9A-Za-z]{10,}+"#,
                   keywords: ["sk_test_", "sk_live_", "rk_test_", "rk_live_"]),
            .token("google-api-key", notAfter: "A-Za-z0-9_-", #"AIza[A-Za-z0-9_-]{35,}+"#, keywords: ["AIza"]),
            .token("jwt", notAfter: "A-Za-z0-9_-", #"eyJ[A-Za-z0-9_-]{8,}+\.eyJ[A-Za-z0-9_-]{8,}+\.[A-Za-z0-9_-]*+"#,
                   keywords: ["eyJ"], anchor: .jwt),
            Spec(
                name: "url-credentials",
                pattern: urlUserinfoRaw + "|" + urlUserinfoEncoded,
                keywords: ["://", #":\/\/"#, "%3a%2f%2f"], caseInsensitive: true, secretGroups: [1, 2], anchor: .urlUserinfo, lookbehind: 0),
            Spec(
                name: "xml-secret",
                // `<password>…</password>`, `<apiKey attr="x">…</apiKey>` (configuration dumps, SOAP
                // faults), also as Go's JSON writes it (`\u003cpassword\u003e`), percent-encoded or as entities.
                pattern: e.lessThan + "(" + secretKey + #"[A-Za-z0-9_.:-]{0,40}+)(?:"# + e.wordBreak + xmlAttributes + ")?"
                    + e.greaterThan + xmlValue + "(?:" + e.lessThan + "|" + e.lineBreak + #"|\z)"#,
                keywords: xmlKeywords, caseInsensitive: true, secretGroups: [2], lookbehind: 0, valueFilter: .placeholders(keyGroup: 1)),
            Spec(
                name: "cli-credentials",
                // `curl -u user:pass`, `--user user:pass` (a uid:gid such as `-u 1000:1000` is left alone).
                // Both forms start at the `-u` keyword (overlapping keywords report one hit).
                // Group 1, the flag, stands as the key for the placeholder check (a user name such as
                // `admin` would read as an identifier key ending in `min`).
                pattern: #"((?:(?<![A-Za-z0-9_-])|(?<=%20|\+))-u|(?<=-)-user)(?:[ \t]++|=|(?:%20|\+)++|%3[dD])"# + e.quote + "?"
                    + cliValue + "(?::|%3[aA])" + cliSecret,
                keywords: ["-u"], secretGroups: [2], lookbehind: 3, valueFilter: .placeholders(keyGroup: 1)),
            Spec(
                name: "mysql-password",
                // `mysql -uroot -pS3cret db`: the password glued to `-p` (`-p` alone prompts; `-P` is the port).
                pattern: "(?:mysql|mariadb)[A-Za-z_-]{0,12}+" + e.wordBreak + #"[^\r\n]{0,200}?(?<=[ \t+]|%20)(-p)"#
                    + #"((?:[^\s'"\\%-]|%(?!2[027])|\\(?!["'nrt]))(?:[^\s'"\\%]++|%(?!2[027])|\\++(?!["'nrt]))*+)"#,
                keywords: ["mysql", "mariadb"], secretGroups: [2], anchor: .mysqlPassword, lookbehind: 0,
                valueFilter: .placeholders(keyGroup: 1)),
            Spec(
                name: "auth-header",
                pattern: "(?:" + caseless("authorization") + "|" + caseless("cookie") + ")" + e.quote + "?" + e.blank + "*" + e.separator
                    + e.blank + #"*(?:\[(?!REDACTED))?"# + e.blank + "*" + e.quote + "?"
                    + "(?:[A-Za-z][A-Za-z0-9_-]*+" + e.wordBreak + "++)?" + headerValue,
                keywords: ["authorization", "cookie"], caseInsensitive: true, secretGroups: [1],
                anchor: .separator(keyTail: 0, dashDashSpace: false, header: true), lookbehind: 0),
            Spec(
                name: "key-value-secret",
                pattern: "(" + secretKey + #"[A-Za-z0-9_.-]{0,40}+)"# + e.quote + "?"
                    + "(?:" + e.blank + "*(?::=|=>|[:=])" + e.blank + "*|" + e.wordBreak + "*%3[aAdD]" + e.wordBreak + "*"
                    + #"|(?<=--[A-Za-z0-9_.-]{0,80})(?:[ \t]|%20|\+)++(?=[^\s-]))(?:"#
                    // a quoted value, also inside JSON (`\"…\"`, `\\\"…\\\"`) or percent-encoded (`%22…%22`)
                    + #"\\*+"((?:[^"\\\r\n]++|\\++(?!["\r\n]))*+)(?:\\*+")?|'([^'\r\n]*+)'?|%22((?:[^%\s"'\\]++|%(?!22))*+)(?:%22)?"#
                    // a JSON literal after `"key":` (a number, true, null): it ends where JSON says
                    + #"|(?<="[ \t]{0,8}:[ \t]{0,8})((?:[^\s,}\]"'{\[\\]++|"# + marker + ")++)"
                    // a URL query value ends at the next parameter, raw or JSON-escaped; after a
                    // percent-encoded separator the value ends at an encoded `&`, space or quote
                    + "|(?<=[?&]" + urlKey + "=)(" + ordinary(#"\s&#"'\\"#) + "++)"
                    + #"|(?<=\\u0026"# + urlKey + "=)((?:" + ordinary(#"\s&#"'\\"#) + #"|\\(?!u0026|["'nrt]))++)"#
                    + "|(?<=%3[aAdD](?:\\+|%20){0,3}|--[A-Za-z0-9_.-]{1,80}(?:\\+|%20){1,3})((?:" + ordinary(#"\s&#"'\\%+"#)
                    + "|%(?!26|2[027]|0[9aAdD]))++)"
                    // anything else runs to the end of its token (`DB_PASSWORD=Xy7;kL(9` whole)
                    + #"|(?!["'])((?:"# + marker + #"|[^\s"'\\\[{]|\\++(?!["'nrtbf]))(?:"# + ordinary(#"\s"'\\"#)
                    + #"|\\++(?!["'nrtbf]))*+))"#,
                keywords: [
                    "passwd", "password", "secret", "token", "apikey", "api_key", "api-key", "credential",
                    "privatekey", "private_key", "private-key",
                ],
                caseInsensitive: true, secretGroups: [2, 3, 4, 5, 6, 7, 8, 9], anchor: .separator(keyTail: 40, dashDashSpace: true, header: false),
                lookbehind: 84, valueFilter: .placeholders(keyGroup: 1)),
        ]
    }()

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
