import AftermathCore
import Foundation
@testable import Intake
import Testing

@Suite("Intake: hostile and broken bodies become precise PayloadErrors, never crashes")
struct IntakePayloadErrorTests {
    static let sources = WebhookSource.allCases

    @Test("JSON nested 10^6 deep is refused at `$`", arguments: sources)
    func deepNesting(source: WebhookSource) throws {
        let arrays = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        let clock = ContinuousClock()
        let start = clock.now
        let error = try #require(IntakeFixture.error(source, body: arrays))
        #expect(clock.now - start < .seconds(5))
        #expect(error.path == "$")
        #expect(error.reason.contains("nested"))
        let objects = Array(String(repeating: #"{"a":"#, count: 200_000).utf8)
        #expect(IntakeFixture.error(source, body: objects)?.path == "$")
    }

    @Test("Deep nesting inside an otherwise valid group is refused too")
    func deepNestingInside() throws {
        let prefix = try IntakeFixture.text("alertmanager-firing.json").replacingOccurrences(of: #""truncatedAlerts":0}"#, with: #""extra":"#)
        let body = Array(prefix.utf8) + [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
            + [UInt8](repeating: UInt8(ascii: "]"), count: 100_000) + Array("}".utf8)
        #expect(IntakeFixture.error(.alertmanager, body: body) != nil)
    }

    @Test("Invalid UTF-8 names the offending byte offset", arguments: sources)
    func invalidUTF8(source: WebhookSource) throws {
        let body: [UInt8] = Array(#"{"receiver":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        let error = try #require(IntakeFixture.error(source, body: body))
        #expect(error.path == "$")
        #expect(error.reason.contains("UTF-8") && error.reason.contains("offset 13"))
        let overlong: [UInt8] = [UInt8(ascii: "{"), 0xC0, 0xAF, UInt8(ascii: "}")]
        #expect(IntakeFixture.error(source, body: overlong)?.reason.contains("offset 1") == true)
    }

    @Test("The UTF-8 check agrees with the standard library on valid text and on random bytes")
    func utf8Validator() {
        for text in ["", "plain", "é", "日本語", "🙂 emoji", "\u{10FFFF}", "mixed é 日 🙂 end"] {
            #expect(JSONInput.firstInvalidUTF8Offset(Array(text.utf8)) == nil)
        }
        let cases: [([UInt8], Int)] = [
            ([0xED, 0xA0, 0x80], 0),              // surrogate U+D800
            ([0x41, 0xE0, 0x80, 0x80], 1),        // overlong 3-byte
            ([0x41, 0x42, 0xF0, 0x9F, 0x99], 2),  // truncated 4-byte at the end
            ([0xF4, 0x90, 0x80, 0x80], 0),        // above U+10FFFF
            ([0xF5, 0x80, 0x80, 0x80], 0),
            ([0x80], 0), ([0xC1, 0xBF], 0), ([0xC3, 0x28], 0),
        ]
        for (bytes, offset) in cases {
            #expect(JSONInput.firstInvalidUTF8Offset(bytes) == offset, "\(bytes)")
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let bytes = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                Bool.random(using: &generator) ? UInt8.random(in: 0x80...0xFF, using: &generator) : UInt8.random(in: 0...0x7F, using: &generator)
            }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            #expect((JSONInput.firstInvalidUTF8Offset(bytes) == nil) == valid, "\(bytes)")
        }
    }

    @Test("A NUL byte is refused with its offset", arguments: sources)
    func nulByte(source: WebhookSource) throws {
        let body: [UInt8] = Array(#"{"key":"a"#.utf8) + [0] + Array(#"b"}"#.utf8)
        let error = try #require(IntakeFixture.error(source, body: body))
        #expect(error.path == "$")
        #expect(error.reason.contains("NUL") && error.reason.contains("offset 9"))
    }

    @Test("Empty and blank bodies are refused at `$`", arguments: sources)
    func emptyBody(source: WebhookSource) throws {
        #expect(IntakeFixture.error(source, body: [])?.reason.contains("empty") == true)
        #expect(IntakeFixture.error(source, body: Array(" \r\n\t".utf8))?.path == "$")
    }

    @Test("Truncated JSON is refused at `$` with the decoder's reason", arguments: [
        (WebhookSource.alertmanager, "alertmanager-firing.json"), (.grafana, "grafana-firing.json"),
        (.pagerduty, "pagerduty-v3-incident-triggered.json"), (.opsgenie, "opsgenie-create.json"),
        (.victorops, "victorops-incident-triggered.json"), (.statuspage, "statuspage-incident.json"),
        (.healthchecks, "healthchecks-down.json"),
    ])
    func truncated(source: WebhookSource, fixture: String) throws {
        let bytes = try IntakeFixture.bytes(fixture)
        let error = try #require(IntakeFixture.error(source, body: Array(bytes.prefix(bytes.count / 2))))
        #expect(error.path == "$")
        #expect(error.reason.hasPrefix("not valid JSON"))
        #expect(error.reason != "not valid JSON: The given data was not valid JSON.")
    }

    @Test("Syntax junk is refused at `$`", arguments: ["{", "}", "nul", "{\"a\":}", "{'a':1}", "\u{FEFF}{]"])
    func junk(text: String) throws {
        for source in Self.sources {
            #expect(IntakeFixture.error(source, text: text)?.path == "$")
        }
    }

    @Test("A bad alerts[1].startsAt is reported at that path")
    func badStartsAt() throws {
        let text = try IntakeFixture.text("alertmanager-firing.json")
        let second = try #require(text.range(of: #""startsAt":"2026-11-27T11:42:14.186Z""#, options: .backwards))
        let bad = text.replacingCharacters(in: second, with: #""startsAt":"2026-11-27 at noon""#)
        let error = try #require(IntakeFixture.error(.alertmanager, text: bad))
        #expect(error.path == "alerts[1].startsAt")
        #expect(error.reason.contains("RFC 3339"))
        #expect(error.description.hasPrefix("alertmanager payload at alerts[1].startsAt:"))
    }

    @Test("Type mismatches and missing fields inside alerts name their path")
    func alertPaths() throws {
        let numberStart = try IntakeFixture.edited("alertmanager-firing.json", #""startsAt":"2026-11-27T11:42:14.186Z""#, #""startsAt":1764243734"#)
        let e1 = try #require(IntakeFixture.error(.alertmanager, text: numberStart))
        #expect(e1.path == "alerts[0].startsAt")
        #expect(e1.reason.contains("expected a string"))

        let labelsNumber = try IntakeFixture.edited("alertmanager-firing.json", #""labels":{"alertname":"HighErrorRate","instance":"checkout-7d9f8b6c5-fghij:8080""#, #""labels":5,"x":{"alertname":"HighErrorRate","instance":"checkout-7d9f8b6c5-fghij:8080""#)
        let e2 = try #require(IntakeFixture.error(.alertmanager, text: labelsNumber))
        #expect(e2.path == "alerts[1].labels")
        #expect(e2.reason.contains("expected an object"))

        let noFingerprint = try IntakeFixture.edited("alertmanager-firing.json", #","fingerprint":"0b0c20b166a8dfcb""#, "")
        #expect(IntakeFixture.error(.alertmanager, text: noFingerprint)?.path == "alerts[1].fingerprint")

        let badStatus = try IntakeFixture.edited("alertmanager-firing.json", #"{"status":"firing","labels""#, #"{"status":"pending","labels""#)
        let e3 = try #require(IntakeFixture.error(.alertmanager, text: badStatus))
        #expect(e3.path == "alerts[0].status")
        #expect(e3.reason.contains("\"pending\""))

        let alertsObject = try IntakeFixture.edited("alertmanager-firing.json", #""alerts":[{"#, #""alerts":{"a":[{"#)
            .replacingOccurrences(of: #"}],"groupLabels""#, with: #"}]},"groupLabels""#)
        #expect(IntakeFixture.error(.alertmanager, text: alertsObject)?.path == "alerts")

        let zeroStart = try IntakeFixture.edited("alertmanager-firing.json", #""startsAt":"2026-11-27T11:42:14.186Z""#, #""startsAt":"0001-01-01T00:00:00Z""#)
        #expect(IntakeFixture.error(.alertmanager, text: zeroStart)?.path == "alerts[0].startsAt")
    }

    @Test("Huge numbers: tolerated in lenient or unknown fields, refused at their path elsewhere")
    func hugeNumbers() throws {
        let truncated = try IntakeFixture.edited("alertmanager-firing.json", #""truncatedAlerts":0"#, #""truncatedAlerts":1e400"#)
        #expect(try IntakeFixture.parse(.alertmanager, text: truncated).signals.count == 1)
        let unused = try IntakeFixture.edited("alertmanager-firing.json", #""truncatedAlerts":0"#, #""truncatedAlerts":0,"unused":123456789012345678901234567890e300"#)
        #expect(try IntakeFixture.parse(.alertmanager, text: unused).signals.count == 1)
        let longDigits = Array((#"{"key":"k","status":"firing","n":"# + String(repeating: "9", count: 100_000) + "}").utf8)
        #expect(try IntakeFixture.parse(.generic, body: longDigits).signals.count == 1)

        let startsAt = try IntakeFixture.edited("alertmanager-firing.json", #""startsAt":"2026-11-27T11:42:14.186Z""#, #""startsAt":1e400"#)
        #expect(IntakeFixture.error(.alertmanager, text: startsAt)?.path == "alerts[0].startsAt")
        let updatedAt = try IntakeFixture.edited("opsgenie-close.json", "1420452374669001603", "1e400")
        #expect(IntakeFixture.error(.opsgenie, text: updatedAt)?.path == "alert.updatedAt")
        let label = #"{"key":"k","status":"firing","labels":{"n":-1e999}}"#
        #expect(IntakeFixture.error(.generic, text: label)?.path == "labels.n")
    }

    @Test("Errors describe themselves on one line with source, path and reason")
    func errorDescription() throws {
        let error = try #require(IntakeFixture.error(.generic, text: "{\"key\":\"k\",\n\"status\":"))
        #expect(error.description.hasPrefix("generic payload at $: not valid JSON"))
        #expect(!error.description.contains("\n"))
    }
}
