import AftermathCore
import Foundation
import Intake
import Testing

@Suite("Intake: Opsgenie webhook integration")
struct IntakeOpsgeniePayloadTests {
    @Test("Create: triggered, numeric priority 3 read as P3, entity as the service, tags as labels")
    func create() throws {
        let signal = try IntakeFixture.signal(.opsgenie, "opsgenie-create.json")
        #expect(signal.correlationKey == "opsgenie:alert:ec03dad6-62c8-4c94-b38b-d88f398e900f")
        #expect(signal.correlation == .exact)
        #expect(signal.effect == .transition(.triggered))
        #expect(signal.title == "another alert")
        #expect(signal.severity == .warning)
        #expect(signal.services == ["Server"])
        #expect(signal.labels == ["tag:vip": "true"])
        #expect(signal.actor == "test@example.com")
        // updatedAt 1502709956288000110 ns
        let occurred = try #require(signal.occurredAt)
        #expect(abs(occurred.timeIntervalSince1970 - 1_502_709_956.288_000_110) < 1e-6)
        #expect(signal.summary == "Opsgenie: created: another alert")
        let parsed = try IntakeFixture.parse(.opsgenie, body: try IntakeFixture.bytes("opsgenie-create.json"))
        #expect(parsed.dedupKey == "2797ad33f0723d5174a14dc24b5b1ef14fc410347edc6ffbf0b4cf8656a8e8db")  // sha256sum of the file
    }

    @Test("Acknowledge and Close move the same alert's incident")
    func acknowledgeAndClose() throws {
        let ack = try IntakeFixture.signal(.opsgenie, "opsgenie-acknowledge.json")
        let close = try IntakeFixture.signal(.opsgenie, "opsgenie-close.json")
        #expect(ack.correlationKey == "opsgenie:alert:052652ac-5d1c-464a-812a-7dd18bbfba8c")
        #expect(close.correlationKey == ack.correlationKey)
        #expect(ack.effect == .transition(.acknowledged))
        #expect(close.effect == .transition(.resolved))
        #expect(ack.labels == ["tag:tag1": "true", "tag:tag2": "true"])
        #expect(close.labels == [:])
        #expect(ack.services == [])  // entity is ""
        #expect(ack.severity == nil)
        #expect(ack.actor == "fili@ifountain.com")
        let ackAt = try #require(ack.occurredAt)
        let closeAt = try #require(close.occurredAt)
        #expect(abs(ackAt.timeIntervalSince1970 - 1_420_452_224.764_002_246) < 1e-6)
        #expect(closeAt > ackAt)
    }

    @Test("AddNote: a timeline entry with the note; P1; details.service; key=value tags")
    func addNote() throws {
        let signal = try IntakeFixture.signal(.opsgenie, "opsgenie-addnote.json")
        #expect(signal.correlationKey == "opsgenie:alert:f3efa74b-29cc-4a4f-9bb7-804d7c1be544-1639476708514")
        #expect(signal.effect == .annotate)
        #expect(signal.summary == "Opsgenie: note: Test 2")
        #expect(signal.severity == .critical)
        #expect(signal.services == ["gdpr-deleter-srv"])
        #expect(signal.labels == ["service": "gdpr-deleter-srv"])
        #expect(signal.actor == "redacted-user@example.com")
        #expect(signal.title?.hasPrefix("[Prometheus]: [FIRING:1]") == true)
    }

    @Test("Actions map to transitions; others are timeline entries", arguments: [
        ("Create", Signal.Effect.transition(.triggered)),
        ("UnAcknowledge", .transition(.triggered)),
        ("Acknowledge", .transition(.acknowledged)),
        ("Close", .transition(.resolved)),
        ("Delete", .transition(.resolved)),
        ("AddNote", .annotate),
        ("Escalate", .annotate),
        ("UpdatePriority", .annotate),
        ("MyCustomAction", .annotate),
    ])
    func actions(action: String, effect: Signal.Effect) throws {
        let text = try IntakeFixture.edited("opsgenie-acknowledge.json", #""action": "Acknowledge""#, #""action": "\#(action)""#)
        #expect(try IntakeFixture.parse(.opsgenie, text: text).signals.first?.effect == effect)
    }

    @Test("Priorities as P<n> strings or bare integers", arguments: [
        ("\"P1\"", Severity?.some(.critical)), ("1", .critical), ("\"P2\"", .high), ("2", .high),
        ("3", .warning), ("\"P4\"", .info), ("5", .info), ("9", nil), ("\"urgent-ish\"", nil),
    ])
    func priorities(priority: String, severity: Severity?) throws {
        let text = try IntakeFixture.edited("opsgenie-create.json", #""priority": 3"#, #""priority": \#(priority)"#)
        #expect(try IntakeFixture.parse(.opsgenie, text: text).signals.first?.severity == severity)
    }

    @Test("Without updatedAt the millisecond createdAt is the time; an overflowing updatedAt is refused at its path")
    func times() throws {
        let noUpdate = try IntakeFixture.edited("opsgenie-close.json", #""updatedAt": 1420452374669001603,"#, "")
        let at = try #require(try IntakeFixture.parse(.opsgenie, text: noUpdate).signals.first?.occurredAt)
        #expect(abs(at.timeIntervalSince1970 - 1_420_452_191.104) < 1e-6)
        let huge = try IntakeFixture.edited("opsgenie-close.json", "1420452374669001603", "99999999999999999999999")
        let error = try #require(IntakeFixture.error(.opsgenie, text: huge))
        #expect(error.path == "alert.updatedAt")
    }

    @Test("A body without alert.alertId is refused there")
    func missingAlertID() throws {
        let text = try IntakeFixture.edited("opsgenie-close.json", #""alertId": "052652ac-5d1c-464a-812a-7dd18bbfba8c","#, "")
        #expect(IntakeFixture.error(.opsgenie, text: text)?.path == "alert.alertId")
    }
}
