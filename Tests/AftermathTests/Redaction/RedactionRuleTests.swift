import Redaction
import Testing

@Suite("Redaction: one true positive per built-in rule, in context")
struct RedactionRuleTests {
    let redactor: Redactor

    init() throws {
        redactor = try Redactor()
    }

    @Test("Each built-in rule replaces its secret, keeps the context and counts it", arguments: RedactionSamples.all + RedactionSamples.long)
    func truePositive(sample: RedactionSample) {
        let result = redactor.redact(sample.input)
        #expect(!result.text.contains(sample.secret))
        #expect(result.text == sample.expected)
        #expect(result.rules == [sample.rule: sample.count])
        #expect(result.count == sample.count)
    }

    @Test("Every built-in rule has a sample")
    func everyRuleSampled() {
        let sampled = Set(RedactionSamples.all.map(\.rule))
        #expect(Set(Redactor.builtInRuleNames) == sampled)
        #expect(Redactor.builtInRuleNames == [
            "private-key", "aws-access-key-id", "aws-secret-access-key", "github-token", "gitlab-token", "slack-token",
            "slack-webhook", "stripe-key", "google-api-key", "jwt", "url-credentials", "xml-secret", "cli-credentials",
            "mysql-password", "auth-header", "key-value-secret",
        ])
    }

    @Test("A specific format wins over the generic key/value rule, which keeps its key visible")
    func specificBeforeGeneric() {
        let token = "gh" + "p_" + String(repeating: "a1B2", count: 9)
        let result = redactor.redact("password=\(token)")
        #expect(result.text == "password=[REDACTED:github-token]")
        #expect(result.rules == ["github-token": 1])
    }

    @Test("A cookie value that held a JWT is masked whole, not left around the JWT marker")
    func headerSwallowsInnerMarker() {
        let jwt = "ey" + "JhbGciOiJIUzI1NiJ9.ey" + "JzdWIiOiI0MiJ9.c2lnbmF0dXJlLXNpZw"
        let result = redactor.redact("Cookie: theme=dark; session=\(jwt); lang=en")
        #expect(result.text == "Cookie: [REDACTED:auth-header]")
        #expect(result.rules == ["jwt": 1, "auth-header": 1])
    }

    @Test("A header value that starts with an earlier marker is still masked to its end")
    func headerStartingWithMarker() {
        let jwt = "ey" + "JhbGciOiJIUzI1NiJ9.ey" + "JzdWIiOiI0MiJ9.c2lnbmF0dXJlLXNpZw"
        let result = redactor.redact("Cookie: \(jwt); refresh=r-77a1c; lang=en")
        #expect(result.text == "Cookie: [REDACTED:auth-header]")
        #expect(result.rules == ["jwt": 1, "auth-header": 1])
    }

    @Test("Back-to-back PEM blocks are each masked; the END label cannot reach into the next header")
    func adjacentPEMBlocks() {
        let input = "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY----------BEGIN EC PRIVATE KEY-----\nBBBB\n-----END EC PRIVATE KEY-----"
        let result = redactor.redact(input)
        #expect(result.text == "-----BEGIN RSA PRIVATE KEY-----\n[REDACTED:private-key]\n-----END RSA PRIVATE KEY----------BEGIN EC PRIVATE KEY-----\n[REDACTED:private-key]\n-----END EC PRIVATE KEY-----")
        #expect(result.count == 2)
    }

    @Test("A replacement that joins text into a new match is redacted in the same call (a fixed point)")
    func fixedPoint() {
        let input = "x ://=--Cookie://null]abc@host y"
        let once = redactor.redact(input)
        #expect(redactor.redact(once.text) == Redacted(text: once.text, count: 0, rules: [:]))
    }

    @Test("Key/value forms: quoted, JSON-escaped, URL query, Go map, Python dict", arguments: [
        (#"password="correct horse""#, #"password="[REDACTED:key-value-secret]""#),
        (#"password='correct horse'"#, #"password='[REDACTED:key-value-secret]'"#),
        (#"{\"db_password\":\"hunter2\"}"#, #"{\"db_password\":\"[REDACTED:key-value-secret]\"}"#),
        ("GET /callback?code=1&access_token=abc123&state=x 302", "GET /callback?code=1&access_token=[REDACTED:key-value-secret]&state=x 302"),
        ("map[user:bob password:hunter2]", "map[user:bob password:[REDACTED:key-value-secret]"),
        ("{'Api-Key': 'k-123', 'x': 1}", "{'Api-Key': '[REDACTED:key-value-secret]', 'x': 1}"),
        ("PRIVATE_KEY_PASSPHRASE = abc", "PRIVATE_KEY_PASSPHRASE = [REDACTED:key-value-secret]"),
        ("credentials: {\"user\":\"x\"}", "credentials: {\"user\":\"x\"}"),
        ("dbPassword := \"hunter2\"", "dbPassword := \"[REDACTED:key-value-secret]\""),
        ("{ 'password' => 'hunter2' }", "{ 'password' => '[REDACTED:key-value-secret]' }"),
    ])
    func keyValueForms(input: String, expected: String) {
        #expect(redactor.redact(input).text == expected)
    }

    @Test("URL credentials and Slack webhooks inside JSON with escaped slashes", arguments: [
        (#"{"dsn":"https:\/\/app:s3cr3t@db.internal\/app"}"#, #"{"dsn":"https:\/\/[REDACTED:url-credentials]@db.internal\/app"}"#),
        (#"{"url":"https:\/\/hooks.slack.com\/services\/T0001\/B0001\/abcdefghij"}"#, #"{"url":"https:\/\/hooks.slack.com\/services\/[REDACTED:slack-webhook]"}"#),
        ("smb://CORP\\svc:Pa55@files.internal/share", "smb://[REDACTED:url-credentials]@files.internal/share"),
    ])
    func escapedURLs(input: String, expected: String) {
        #expect(redactor.redact(input).text == expected)
    }

    @Test("Placeholders in a secret's place are left alone", arguments: [
        "password=null", "token: ${GITHUB_TOKEN}", "secret=<redacted>", "max_tokens=4096", "password: ********",
        "\"api_key\": \"\"", "token_bucket_capacity=100", "tokens: 37", "--token-file=$TOKEN_FILE",
        "oauth: token_type=Bearer expires_in=3600", "secret_name=db-credentials", "api_key_hash=ab12cd34",
        "level=warn msg=\"invalid token: expired\"", "bad password: mismatch for user 42",
        "docker run -u 1000:1000 app", "curl -u $USER:$PASS https://x", "<password>${DB_PASSWORD}</password>",
        "<passwordPolicy>strict</passwordPolicy>", "mysql -uroot -p dbname", "mysql -h db -P3306 -p",
        "sort -u file.txt", "mysql://db:3306/app",
    ])
    func placeholders(input: String) {
        #expect(redactor.redact(input) == Redacted(text: input, count: 0, rules: [:]))
    }

    @Test("Prose is exempt only for one plain lower-case word; a credential-looking value is masked", arguments: [
        ("Your password: hunter2", "Your password: [REDACTED:key-value-secret]"),
        ("password: sunshine", "password: [REDACTED:key-value-secret]"),
        ("new token: Xk9fQ2 issued", "new token: [REDACTED:key-value-secret] issued"),
    ])
    func prose(input: String, expected: String) {
        #expect(redactor.redact(input).text == expected)
    }

    @Test("A JWT bearer token is counted as a JWT; the header rule leaves the marker alone")
    func jwtInHeader() {
        let jwt = "ey" + "JhbGciOiJSUzI1NiJ9.ey" + "Jpc3MiOiJhZnRlcm1hdGgifQ.c2ln"
        let result = redactor.redact("Authorization: Bearer \(jwt)")
        #expect(result == Redacted(text: "Authorization: Bearer [REDACTED:jwt]", count: 1, rules: ["jwt": 1]))
    }

    @Test("Secrets far apart on one long line, and values longer than the matching windows, are masked whole")
    func longLinesAndValues() {
        let filler = String(repeating: "GET /api/v1/query?query=up 200 ", count: 40)
        let long = String(repeating: "Zq8", count: 4000)
        let token = "gh" + "p_" + String(repeating: "A1", count: 6000)
        let input = (0..<50).map { "\(filler)secret=s\($0)x " }.joined() + "password=\(long) end " + token + " done"
        let result = redactor.redact(input)
        let expected = (0..<50).map { _ in "\(filler)secret=[REDACTED:key-value-secret] " }.joined()
            + "password=[REDACTED:key-value-secret] end [REDACTED:github-token] done"
        let asExpected = result.text == expected  // not printed whole when it fails
        #expect(asExpected)
        #expect(result.rules == ["key-value-secret": 51, "github-token": 1])
    }

    @Test("Long JWTs and long URL credentials are masked whole, alone or far apart on one line")
    func longExactMatches() {
        var random = RedactionRandom(seed: 5)
        let jwt = "ey" + "JhbGciOiJSUzI1NiJ9.ey" + "J" + random.alphanumeric(1_500) + "." + random.alphanumeric(342)
        let url = "https://svc:" + random.alphanumeric(600) + "@db.internal/app"
        let filler = String(repeating: "ok ", count: 400)
        for input in ["id_token=\(jwt)", "\(filler)t=\(jwt) \(filler)u=\(url) \(filler)v=\(jwt) \(filler)"] {
            let result = redactor.redact(input)
            #expect(!result.text.contains(String(jwt.suffix(40))))
            #expect(!result.text.contains(String(url.dropFirst(12).prefix(40))))
            #expect(result.text.contains("https://[REDACTED:url-credentials]@db.internal/app") == input.contains(url))
        }
    }

    @Test("A 1 MB line: the secret at its end is found, the rest is untouched")
    func megabyteLine() {
        var line = ""
        while line.utf8.count < 1_000_000 { line += "GET /api/v1/query?query=up 200 12ms token bucket refilled; " }
        let result = redactor.redact(line + "Authorization: Bearer zzz-top-secret")
        let asExpected = result.text == line + "Authorization: Bearer [REDACTED:auth-header]"  // not printed whole when it fails
        #expect(asExpected)
        #expect(result.count == 1)
    }

    @Test("Non-ASCII text around secrets keeps its characters and offsets")
    func nonASCII() {
        let result = redactor.redact("Größe=12 🙂 password=pässwört 日本 token: 秘密 end")
        #expect(result.text == "Größe=12 🙂 password=[REDACTED:key-value-secret] 日本 token: [REDACTED:key-value-secret] end")
        #expect(result.count == 2)
    }
}
