import AftermathCore
import Foundation
import Intake
import Settings
import Testing

/// Loads the webhook samples in `Fixtures/webhooks` (see PROVENANCE.md there) and parses them.
enum IntakeFixture {
    static func bytes(_ name: String) throws -> [UInt8] {
        let directory = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return Array(try Data(contentsOf: directory.appendingPathComponent("webhooks/\(name)")))
    }

    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }

    static func request(_ source: WebhookSource, body: [UInt8], headers: [(name: String, value: String)] = [], pathToken: String? = nil) -> WebhookRequest {
        WebhookRequest(source: source, headers: headers, body: body, pathToken: pathToken, receivedAt: Date(timeIntervalSince1970: 1_795_000_000))
    }

    /// Parses `body` as a delivery from `source`.
    static func parse(
        _ source: WebhookSource, body: [UInt8], headers: [(name: String, value: String)] = [],
        config: SourceConfig = SourceConfig(), intake: IntakeConfig = IntakeConfig()
    ) throws(PayloadError) -> ParsedDelivery {
        try PayloadParser.parse(request(source, body: body, headers: headers), source: config, intake: intake)
    }

    static func parse(_ source: WebhookSource, text: String, config: SourceConfig = SourceConfig()) throws(PayloadError) -> ParsedDelivery {
        try parse(source, body: Array(text.utf8), config: config)
    }

    /// Parses fixture `name` and returns its only signal.
    static func signal(_ source: WebhookSource, _ name: String, headers: [(name: String, value: String)] = [],
                       config: SourceConfig = SourceConfig(), intake: IntakeConfig = IntakeConfig()) throws -> Signal {
        let parsed = try parse(source, body: try bytes(name), headers: headers, config: config, intake: intake)
        #expect(parsed.opaqueReason == nil)
        #expect(parsed.signals.count == 1)
        return try #require(parsed.signals.first)
    }

    /// The error parsing `body` throws (fails the test when it parses).
    static func error(_ source: WebhookSource, body: [UInt8], config: SourceConfig = SourceConfig()) -> PayloadError? {
        do {
            let parsed = try parse(source, body: body, config: config)
            Issue.record("expected a PayloadError, parsed \(parsed)")
            return nil
        } catch {
            #expect(error.source == source)
            return error
        }
    }

    static func error(_ source: WebhookSource, text: String) -> PayloadError? {
        error(source, body: Array(text.utf8))
    }

    /// Fixture `name` with `old` replaced by `new` (which must occur).
    static func edited(_ name: String, _ old: String, _ new: String) throws -> String {
        let text = try text(name)
        #expect(text.contains(old), "fixture \(name) lacks \(old)")
        return text.replacingOccurrences(of: old, with: new)
    }

    /// An RFC 3339 time as a `Date`.
    static func time(_ text: String) throws -> Date {
        try #require(try Timestamp.parse(text))
    }

    /// Whether `text` looks like a SHA-256 dedup key.
    static func isSHA256Hex(_ text: String) -> Bool {
        text.utf8.count == 64 && text.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }

    /// A source configuration read from YAML the way `aftermath.yaml` would say it
    /// (`yaml` holds the source's keys, indented four spaces).
    static func sourceConfig(_ source: WebhookSource, _ yaml: String) throws -> SourceConfig {
        try AftermathConfig.parse(yaml: "sources:\n  \(source.rawValue):\n" + yaml).source(source)
    }
}
