import Redaction
import Testing

@Suite("Redaction: labels and annotations")
struct RedactionLabelTests {
    let redactor: Redactor

    init() throws {
        redactor = try Redactor()
    }

    @Test("Secrets in values are redacted; other labels are kept as they are")
    func valueSecrets() {
        let (labels, count) = redactor.redact(labels: [
            "alertname": "DatabaseDown",
            "instance": "db-1:9187",
            "description": "connect failed: postgres://app:hunter2@db-1:5432/app",
            "runbook": "curl -H 'Authorization: Bearer abc-123' https://ops/run",
        ])
        #expect(labels == [
            "alertname": "DatabaseDown",
            "instance": "db-1:9187",
            "description": "connect failed: postgres://[REDACTED:url-credentials]@db-1:5432/app",
            "runbook": "curl -H 'Authorization: Bearer [REDACTED:auth-header]' https://ops/run",
        ])
        #expect(count == 2)
    }

    @Test("A key that names a secret has its whole value masked", arguments: [
        "password", "DB_PASSWD", "client_secret", "slack.token", "api_key", "ApiKey", "X-API-Key", "aws_credentials",
        "private_key", "Authorization", "Set-Cookie",
    ])
    func secretKeys(key: String) {
        let (labels, count) = redactor.redact(labels: [key: "plain looking value", "team": "sre"])
        #expect(labels == [key: "[REDACTED:secret-label]", "team": "sre"])
        #expect(count == 1)
    }

    @Test("Ordinary keys, identifier-like keys, empty, placeholder and already masked values are kept and not counted")
    func notSecrets() {
        let input = [
            "severity": "critical", "keyspace": "orders", "token_bucket": "", "password": "[REDACTED:secret-label]",
            "token_type": "bearer", "secret_name": "db-credentials", "db_password": "${DB_PASSWORD}",
        ]
        let (labels, count) = redactor.redact(labels: input)
        #expect(labels == input)
        #expect(count == 0)
    }

    @Test("A header stored as a name/value pair: the value of a secret-named header is masked whole")
    func headerPairs() {
        #expect(redactor.redact("Bearer abc.def", key: "Authorization") == Redacted(text: "[REDACTED:secret-label]", count: 1, rules: ["secret-label": 1]))
        #expect(redactor.redact("k-123", key: "X-Api-Key").text == "[REDACTED:secret-label]")
        #expect(redactor.redact("application/json", key: "Content-Type") == Redacted(text: "application/json", count: 0, rules: [:]))
        #expect(redactor.redact("see password=hunter2", key: "X-Note").text == "see password=[REDACTED:key-value-secret]")
    }
}
