import Redaction
import Testing

@Suite("Redaction: false positives on ordinary evidence")
struct RedactionFalsePositiveTests {
    @Test("At most 1% of 12,000 ordinary lines (SHAs, UUIDs, fingerprints, base64, label sets, logs) change")
    func falsePositiveRate() throws {
        let redactor = try Redactor()
        var random = RedactionRandom(seed: 24)
        let lines = (0..<12_000).map { _ in RedactionCorpus.ordinaryLine(&random) }
        let changed = lines.filter { redactor.redact($0).text != $0 }
        print("redaction false positives: \(changed.count) of \(lines.count) lines changed")
        #expect(changed.count * 100 <= lines.count, "changed, e.g.: \(changed.prefix(5))")
    }

    @Test("The brief's ordinary lines are never changed", arguments: [
        "GET /api/v1/query?query=up 200", "token bucket refilled", "password reset email sent to user 42",
        "level=info msg=\"token validated\" user=7", "Authorization header missing", "cookie consent updated",
        "commit 3f1e4c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f", "0f1e2d3c4b5a6978", "123e4567-e89b-42d3-a456-426614174000",
        #"up{instance="10.0.0.1:9100", job="node"} 1"#, "https://example.com:8443/path?x=1", "user@example.com",
    ])
    func knownOrdinary(line: String) throws {
        #expect(try Redactor().redact(line) == Redacted(text: line, count: 0, rules: [:]))
    }
}
