/// Fake secrets in realistic context, one or more per built-in rule. The secrets are put
/// together at run time (`"gh" + "p_"…`) so that this file itself trips no secret scanner.
struct RedactionSample: Sendable, CustomStringConvertible {
    /// The rule expected to fire.
    var rule: String
    /// Where the sample comes from, for the test name.
    var context: String
    var input: String
    /// Text that must be gone.
    var secret: String
    /// The exact expected output.
    var expected: String
    /// How many secrets the rule replaces.
    var count = 1

    var description: String { "\(rule): \(context)" }
}

enum RedactionSamples {
    static var all: [RedactionSample] {
        var random = RedactionRandom(seed: 7)
        let base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        let keyBody = (0..<6).map { _ in random.string(64, from: base64) }.joined(separator: "\n")
        let awsID = "AK" + "IA" + random.string(16, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        let awsSecret = random.string(40, from: base64)
        let ghp = "gh" + "p_" + random.alphanumeric(36)
        let pat = "github" + "_pat_" + random.alphanumeric(22) + "_" + random.alphanumeric(59)
        let glpat = "gl" + "pat-" + random.alphanumeric(20)
        let slack = "xo" + "xb-" + "1234567890-1234567890123-" + random.alphanumeric(24)
        let hook = "T" + random.string(8, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "/B"
            + random.string(10, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "/" + random.alphanumeric(24)
        let stripe = "sk" + "_live_" + random.alphanumeric(24)
        let google = "AI" + "za" + random.string(35, from: base64.replacingOccurrences(of: "+/", with: "_-"))
        let jwt = "ey" + "JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + "ey" + "JzdWIiOiI0MiIsIm5hbWUiOiJvbmNhbGwifQ." + random.alphanumeric(43)
        let apiKey = random.hex(32)
        let bearer = random.hex(8) + "-" + random.hex(4) + "-opaque-" + random.hex(12)
        return [
            RedactionSample(
                rule: "private-key", context: "command output",
                input: "$ cat /etc/ssl/private/web.key\n-----BEGIN RSA PRIVATE KEY-----\n\(keyBody)\n-----END RSA PRIVATE KEY-----\n$ echo done\n",
                secret: String(keyBody.prefix(64)),
                expected: "$ cat /etc/ssl/private/web.key\n-----BEGIN RSA PRIVATE KEY-----\n[REDACTED:private-key]\n-----END RSA PRIVATE KEY-----\n$ echo done\n"),
            RedactionSample(
                rule: "private-key", context: "truncated output without the END line",
                input: "kubectl get secret tls -o yaml | yq .data\n-----BEGIN OPENSSH PRIVATE KEY-----\n\(keyBody)",
                secret: String(keyBody.suffix(64)),
                expected: "kubectl get secret tls -o yaml | yq .data\n-----BEGIN OPENSSH PRIVATE KEY-----\n[REDACTED:private-key]"),
            RedactionSample(
                rule: "aws-access-key-id", context: "env dump",
                input: "HOME=/root\nAWS_ACCESS_KEY_ID=\(awsID)\nAWS_REGION=eu-west-1",
                secret: awsID, expected: "HOME=/root\nAWS_ACCESS_KEY_ID=[REDACTED:aws-access-key-id]\nAWS_REGION=eu-west-1"),
            RedactionSample(
                rule: "aws-secret-access-key", context: "~/.aws/credentials",
                input: "[default]\naws_secret_access_key = \(awsSecret)\nregion = eu-west-1",
                secret: awsSecret, expected: "[default]\naws_secret_access_key = [REDACTED:aws-secret-access-key]\nregion = eu-west-1"),
            RedactionSample(
                rule: "github-token", context: "log line",
                input: "level=info msg=\"pushing tag\" GITHUB_TOKEN=\(ghp) repo=org/app",
                secret: ghp, expected: "level=info msg=\"pushing tag\" GITHUB_TOKEN=[REDACTED:github-token] repo=org/app"),
            RedactionSample(
                rule: "github-token", context: "curl -H command line",
                input: "curl -sS -H \"Authorization: token \(pat)\" https://api.github.com/user",
                secret: pat, expected: "curl -sS -H \"Authorization: token [REDACTED:github-token]\" https://api.github.com/user"),
            RedactionSample(
                rule: "gitlab-token", context: "command line",
                input: "glab auth login --hostname gitlab.example.com --token \(glpat)",
                secret: glpat, expected: "glab auth login --hostname gitlab.example.com --token [REDACTED:gitlab-token]"),
            RedactionSample(
                rule: "slack-token", context: "JSON label",
                input: ##"{"team":"sre","bot":"\##(slack)","channel":"#incidents"}"##,
                secret: slack, expected: ##"{"team":"sre","bot":"[REDACTED:slack-token]","channel":"#incidents"}"##),
            RedactionSample(
                rule: "slack-webhook", context: "alertmanager.yml",
                input: "    slack_configs:\n      - api_url: https://hooks.slack.com/services/\(hook)\n        channel: '#alerts'",
                secret: hook, expected: "    slack_configs:\n      - api_url: https://hooks.slack.com/services/[REDACTED:slack-webhook]\n        channel: '#alerts'"),
            RedactionSample(
                rule: "stripe-key", context: "curl -u command line",
                input: "curl https://api.stripe.com/v1/charges -u \(stripe): -d amount=2000",
                secret: stripe, expected: "curl https://api.stripe.com/v1/charges -u [REDACTED:stripe-key]: -d amount=2000"),
            RedactionSample(
                rule: "google-api-key", context: "access log",
                input: "10.0.0.7 - - \"GET /maps/api/geocode/json?address=Berlin&key=\(google) HTTP/1.1\" 200 512",
                secret: google, expected: "10.0.0.7 - - \"GET /maps/api/geocode/json?address=Berlin&key=[REDACTED:google-api-key] HTTP/1.1\" 200 512"),
            RedactionSample(
                rule: "jwt", context: "log line",
                input: "level=debug msg=\"refreshed\" id_token=\(jwt) user=42",
                secret: jwt, expected: "level=debug msg=\"refreshed\" id_token=[REDACTED:jwt] user=42"),
            RedactionSample(
                rule: "url-credentials", context: "env dump",
                input: "DATABASE_URL=postgres://app:Pa55-w0rd!x@db.internal:5432/app?sslmode=require",
                secret: "Pa55-w0rd!x", expected: "DATABASE_URL=postgres://[REDACTED:url-credentials]@db.internal:5432/app?sslmode=require"),
            RedactionSample(
                rule: "xml-secret", context: "configuration dump",
                input: "<datasource><user>app</user><password>Pa55-w0rd!x</password></datasource>",
                secret: "Pa55-w0rd!x", expected: "<datasource><user>app</user><password>[REDACTED:xml-secret]</password></datasource>"),
            RedactionSample(
                rule: "xml-secret", context: "element with attributes, mixed case",
                input: "  <ApiKey scope=\"deploy\">\(apiKey)</ApiKey>",
                secret: apiKey, expected: "  <ApiKey scope=\"deploy\">[REDACTED:xml-secret]</ApiKey>"),
            RedactionSample(
                rule: "cli-credentials", context: "curl -u in a process list",
                input: "root 4242 curl -sS -u deploy:Pa55-w0rd!x https://ci.internal/job/42/consoleText",
                secret: "Pa55-w0rd!x", expected: "root 4242 curl -sS -u deploy:[REDACTED:cli-credentials] https://ci.internal/job/42/consoleText"),
            RedactionSample(
                rule: "cli-credentials", context: "--user=",
                input: "wget --user=admin:\(apiKey) -O- http://10.0.0.5/status",
                secret: apiKey, expected: "wget --user=admin:[REDACTED:cli-credentials] -O- http://10.0.0.5/status"),
            RedactionSample(
                rule: "mysql-password", context: "ps output",
                input: "mysql 811 0.0 mysqldump -h db1 -uroot -pS3cr3t-Dump! --all-databases",
                secret: "S3cr3t-Dump!", expected: "mysql 811 0.0 mysqldump -h db1 -uroot -p[REDACTED:mysql-password] --all-databases"),
            RedactionSample(
                rule: "auth-header", context: "curl -H command line",
                input: "curl -sS -H 'Authorization: Bearer \(bearer)' https://api.internal/v1/health",
                secret: bearer, expected: "curl -sS -H 'Authorization: Bearer [REDACTED:auth-header]' https://api.internal/v1/health"),
            RedactionSample(
                rule: "auth-header", context: "HTTP request dump",
                input: "> GET /metrics HTTP/1.1\n> Proxy-Authorization: Basic YWRtaW46czNjcjN0\n> Cookie: session=\(bearer); theme=dark\n> Accept: */*",
                secret: "YWRtaW46czNjcjN0",
                expected: "> GET /metrics HTTP/1.1\n> Proxy-Authorization: Basic [REDACTED:auth-header]\n> Cookie: [REDACTED:auth-header]\n> Accept: */*",
                count: 2),
            RedactionSample(
                rule: "auth-header", context: "JSON webhook headers",
                input: #"{"headers":{"authorization":"Bearer \#(bearer)","set-cookie":"sid=\#(bearer); HttpOnly"},"status":"firing"}"#,
                secret: bearer, expected: #"{"headers":{"authorization":"Bearer [REDACTED:auth-header]","set-cookie":"[REDACTED:auth-header]"},"status":"firing"}"#,
                count: 2),
            RedactionSample(
                rule: "key-value-secret", context: "env dump",
                input: "PATH=/usr/bin\nDB_PASSWORD=hunter2-correct-horse\nLOG_LEVEL=info",
                secret: "hunter2-correct-horse", expected: "PATH=/usr/bin\nDB_PASSWORD=[REDACTED:key-value-secret]\nLOG_LEVEL=info"),
            RedactionSample(
                rule: "key-value-secret", context: "JSON annotation",
                input: #"{"summary":"payment API down","api_key": "\#(apiKey)","runbook":"https://wiki/pay"}"#,
                secret: apiKey, expected: #"{"summary":"payment API down","api_key": "[REDACTED:key-value-secret]","runbook":"https://wiki/pay"}"#),
            RedactionSample(
                rule: "key-value-secret", context: "YAML and a command-line flag",
                input: "oauth:\n  client_secret: s3cr3t-v4lue\nps: /usr/bin/backup --db-password hunter2 --verbose",
                secret: "hunter2", expected: "oauth:\n  client_secret: [REDACTED:key-value-secret]\nps: /usr/bin/backup --db-password [REDACTED:key-value-secret] --verbose",
                count: 2),
        ]
    }

    /// Secrets longer than the matching windows (384 bytes, 8 KiB), for the property checks.
    static var long: [RedactionSample] {
        var random = RedactionRandom(seed: 11)
        let jwt = "ey" + "JhbGciOiJSUzI1NiJ9.ey" + "J" + random.alphanumeric(1_800) + "." + random.alphanumeric(342)
        let password = random.alphanumeric(9_000)
        let pass = random.alphanumeric(700)
        let cookie = random.alphanumeric(500)
        return [
            RedactionSample(rule: "jwt", context: "long JWT", input: "id_token=\(jwt)", secret: String(jwt.suffix(60)), expected: "id_token=[REDACTED:jwt]"),
            RedactionSample(
                rule: "key-value-secret", context: "9 KB value", input: "password=\(password) done", secret: String(password.suffix(60)),
                expected: "password=[REDACTED:key-value-secret] done"),
            RedactionSample(
                rule: "url-credentials", context: "long password in a URL", input: "dsn=mysql://root:\(pass)@db:3306/x",
                secret: String(pass.suffix(60)), expected: "dsn=mysql://[REDACTED:url-credentials]@db:3306/x"),
            RedactionSample(
                rule: "auth-header", context: "long cookie", input: "Cookie: s=\(cookie); theme=dark", secret: String(cookie.suffix(60)),
                expected: "Cookie: [REDACTED:auth-header]"),
        ]
    }
}
