import AftermathCore
import Foundation
import Intake
import Testing

@Suite("Intake: the generic JSON schema")
struct IntakeGenericPayloadTests {
    static let full = """
        {"key":"db-backup-nightly","status":"firing","title":"Nightly backup failed","severity":"P2",
         "service":"db","services":["backup","db"],"labels":{"env":"prod"},"time":"2026-11-27T03:00:05+01:00",
         "text":"exit status 3","actor":"cron@db1","link":"https://ci.example/42","event_id":"run-42-failed","extra":[1]}
        """

    @Test("Every field of the schema lands in the signal")
    func full() throws {
        let parsed = try IntakeFixture.parse(.generic, text: Self.full)
        let signal = try #require(parsed.signals.first)
        #expect(parsed.dedupKey == "run-42-failed")
        #expect(signal.correlationKey == "generic:db-backup-nightly")
        #expect(signal.correlation == .exact)
        #expect(signal.effect == .transition(.triggered))
        #expect(signal.title == "Nightly backup failed")
        #expect(signal.severity == .high)
        #expect(signal.services == ["db", "backup"])
        #expect(signal.labels == ["env": "prod"])
        #expect(signal.occurredAt == (try IntakeFixture.time("2026-11-27T02:00:05Z")))
        #expect(signal.summary == "exit status 3")
        #expect(signal.actor == "cron@db1")
        #expect(signal.link == "https://ci.example/42")
    }

    @Test("Statuses", arguments: [
        ("firing", Signal.Effect.transition(.triggered)), ("triggered", .transition(.triggered)),
        ("acknowledged", .transition(.acknowledged)), ("resolved", .transition(.resolved)), ("note", .annotate),
    ])
    func statuses(status: String, effect: Signal.Effect) throws {
        let parsed = try IntakeFixture.parse(.generic, text: #"{"key":"k","status":"\#(status)"}"#)
        #expect(parsed.signals.first?.effect == effect)
        #expect(parsed.signals.first?.summary == status)
        #expect(IntakeFixture.isSHA256Hex(parsed.dedupKey))  // no event_id
    }

    @Test("Errors name the field", arguments: [
        (#"{"status":"firing"}"#, "key"),
        (#"{"key":"","status":"firing"}"#, "key"),
        (#"{"key":5,"status":"firing"}"#, "key"),
        (#"{"key":"k"}"#, "status"),
        (#"{"key":"k","status":"exploded"}"#, "status"),
        (#"{"key":"k","status":"firing","labels":{"env":1}}"#, "labels.env"),
        (#"{"key":"k","status":"firing","labels":{"app.kubernetes.io/name":true}}"#, #"labels["app.kubernetes.io/name"]"#),
        (#"{"key":"k","status":"firing","time":"yesterday"}"#, "time"),
        (#"{"key":"k","status":"firing","services":"db"}"#, "services"),
    ])
    func errors(body: String, path: String) throws {
        let error = try #require(IntakeFixture.error(.generic, text: body))
        #expect(error.path == path)
        #expect(!error.reason.isEmpty)
    }

    @Test("Type mismatches say what was expected")
    func typeMismatch() throws {
        let error = try #require(IntakeFixture.error(.generic, text: #"{"key":"k","status":"firing","labels":{"env":1}}"#))
        #expect(error.reason == "expected a string, found a number")
        let notAnObject = try #require(IntakeFixture.error(.generic, text: "[1,2]"))
        #expect(notAnObject.path == "$")
    }

    @Test("Summaries are one line and at most 500 characters")
    func boundedSummary() throws {
        let text = "line one\nline two\r\n\tline three " + String(repeating: "x", count: 10_000)
        let body = try JSONSerialization.data(withJSONObject: ["key": "k", "status": "note", "text": text])
        let signal = try #require(try IntakeFixture.parse(.generic, body: Array(body)).signals.first)
        #expect(signal.summary.count <= 500)
        #expect(signal.summary.hasPrefix("line one line two line three x"))
        #expect(signal.summary.hasSuffix("…"))
        #expect(!signal.summary.contains { $0.isNewline })
    }
}
