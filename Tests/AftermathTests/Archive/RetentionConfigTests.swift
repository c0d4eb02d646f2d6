import Foundation
import Settings
import Testing

/// `retention:` in aftermath.yaml.
@Suite("Retention configuration")
struct RetentionConfigTests {
    @Test("Durations, per collector, and the interval; absent keeps everything")
    func parses() throws {
        let config = try AftermathConfig.parse(yaml: """
            retention:
              evidence_content: 90d
              raw_deliveries: 30d
              collectors: { journal: 14d, diagnostics: 2w }
              interval: 30m
            """)
        #expect(config.retention == RetentionConfig(
            evidenceContent: 90 * 86_400, rawDeliveries: 30 * 86_400, collectors: ["journal": 14 * 86_400, "diagnostics": 14 * 86_400],
            interval: 1800))
        #expect(config.retention.isConfigured)
        #expect(!(try AftermathConfig.parse(yaml: "archive: ./a")).retention.isConfigured)
    }

    @Test("Typos and zero durations are errors that name the key")
    func rejects() {
        #expect(throws: ConfigError.unknownKey(path: "retention.evidence", known: ["collectors", "evidence_content", "interval", "raw_deliveries"])) {
            try AftermathConfig.parse(yaml: "retention: { evidence: 90d }")
        }
        #expect(throws: ConfigError.self) { try AftermathConfig.parse(yaml: "retention: { evidence_content: 0 }") }
        do {
            _ = try AftermathConfig.parse(yaml: "retention: { collectors: { journal: soon } }")
            Issue.record("accepted 'soon'")
        } catch let error as ConfigError {
            #expect(error.description.contains("retention.collectors.journal"), "\(error)")
        } catch {
            Issue.record("\(error)")
        }
    }
}
