import Redaction
import Testing

@Suite("Redaction: log lines, one by one")
struct RedactionLinesTests {
    let redactor: Redactor

    init() throws {
        redactor = try Redactor()
    }

    @Test("A PEM key spread over log lines is masked line by line; the line count is kept")
    func pemOverLines() {
        let lines = [
            "Mar 12 10:00:00 app[1]: loading key", "-----BEGIN EC PRIVATE KEY-----",
            "MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oKiCn9Ey3MBnoAoGCCqGSM49", "AwEHoUQDQgAE",
            "-----END EC PRIVATE KEY-----", "Mar 12 10:00:01 app[1]: token=abc ok",
        ]
        let result = redactor.redact(lines: lines)
        #expect(result.lines == [
            "Mar 12 10:00:00 app[1]: loading key", "-----BEGIN EC PRIVATE KEY-----", "[REDACTED:private-key]",
            "[REDACTED:private-key]", "-----END EC PRIVATE KEY-----", "Mar 12 10:00:01 app[1]: token=[REDACTED:key-value-secret] ok",
        ])
        #expect(result.count == 2)
        #expect(redactor.redact(lines: result.lines) == (result.lines, 0))
    }

    @Test("A block cut off by truncation is masked to the last line")
    func truncatedBlock() {
        let result = redactor.redact(lines: ["key:", "-----BEGIN PRIVATE KEY-----", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "MIIEpAIBAAKCAQEA"])
        #expect(result.lines == ["key:", "-----BEGIN PRIVATE KEY-----", "[REDACTED:private-key]", "[REDACTED:private-key]"])
        #expect(result.count == 1)
    }

    @Test("A certificate, or a BEGIN line with more text after it, does not start a block")
    func notABlock() {
        let lines = ["-----BEGIN CERTIFICATE-----", "MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa", "-----END CERTIFICATE-----"]
        #expect(redactor.redact(lines: lines) == (lines, 0))
    }
}
