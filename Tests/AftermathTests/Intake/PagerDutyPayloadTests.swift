import AftermathCore
import Foundation
import Intake
import Testing

@Suite("Intake: PagerDuty v3 webhooks")
struct IntakePagerDutyPayloadTests {
    @Test("incident.triggered: a triggered transition with the incident as one firing alert")
    func triggered() throws {
        let signal = try IntakeFixture.signal(.pagerduty, "pagerduty-v3-incident-triggered.json")
        #expect(signal.correlationKey == "pagerduty:incident:PFQZPSY")
        #expect(signal.correlation == .exact)
        #expect(signal.effect == .transition(.triggered))
        #expect(signal.title == "Test Incident 3")
        #expect(signal.severity == .high)  // no priority; urgency high
        #expect(signal.services == ["pig208"])
        #expect(signal.actor == "PIG 208")
        #expect(signal.occurredAt == (try IntakeFixture.time("2021-06-04T13:35:29.781Z")))
        #expect(signal.link == "https://pig208.pagerduty.com/incidents/PFQZPSY")
        #expect(signal.summary == "PagerDuty: #9 triggered: Test Incident 3")
        let alert = try #require(signal.alerts.first)
        #expect(signal.alerts.count == 1)
        #expect(alert.fingerprint == "PFQZPSY")
        #expect(alert.status == .firing)
        #expect(alert.startsAt == signal.occurredAt)
        #expect(alert.labels["urgency"] == "high")
    }

    @Test("Dedup: the signed event.id (never the unsigned X-Webhook-Id header), else the body hash")
    func dedupKeys() throws {
        let body = try IntakeFixture.bytes("pagerduty-v3-incident-triggered.json")
        let header = try IntakeFixture.parse(.pagerduty, body: body, headers: [("x-webhook-id", "a1b2c3")])
        #expect(header.dedupKey == "01BZYIL05THJDFF2Y08X9SVMTU")
        #expect(try IntakeFixture.parse(.pagerduty, body: body).dedupKey == "01BZYIL05THJDFF2Y08X9SVMTU")
        let noID = try IntakeFixture.edited("pagerduty-v3-incident-triggered.json", #""id": "01BZYIL05THJDFF2Y08X9SVMTU","#, "")
        let hashed = try IntakeFixture.parse(.pagerduty, text: noID)
        #expect(IntakeFixture.isSHA256Hex(hashed.dedupKey))
    }

    @Test("incident.acknowledged from a 2021 capture (no created_at): no guessed alert episode")
    func acknowledged() throws {
        let signal = try IntakeFixture.signal(.pagerduty, "pagerduty-v3-incident-acknowledged.json")
        #expect(signal.correlationKey == "pagerduty:incident:PQ1K5C8")
        #expect(signal.effect == .transition(.acknowledged))
        #expect(signal.actor == "PIG 208")
        #expect(signal.alerts.isEmpty)
        #expect(signal.occurredAt == (try IntakeFixture.time("2021-06-04T13:55:30.394Z")))
    }

    @Test("incident.resolved")
    func resolved() throws {
        let signal = try IntakeFixture.signal(.pagerduty, "pagerduty-v3-incident-resolved.json")
        #expect(signal.correlationKey == "pagerduty:incident:PCPZE64")
        #expect(signal.effect == .transition(.resolved))
        #expect(signal.title == "Test Incident")
        #expect(signal.services == ["pig208"])
    }

    @Test("incident.annotated: a timeline entry holding the note, keyed by data.incident.id")
    func annotated() throws {
        let signal = try IntakeFixture.signal(.pagerduty, "pagerduty-v3-incident-annotated.json")
        #expect(signal.correlationKey == "pagerduty:incident:Q3B15VLMF3ASBD")
        #expect(signal.effect == .annotate)
        #expect(signal.summary == "PagerDuty: note: Running KILL on long-running queries from the reporting-service.")
        #expect(signal.title == "Critical: Checkout API High Latency")
        #expect(signal.actor == "Harsh Santwani")
        #expect(signal.alerts.isEmpty)
        #expect(signal.severity == nil)
        #expect(signal.link == "https://harsh0303.pagerduty.com/incidents/Q3B15VLMF3ASBD")
    }

    @Test("incident.priority_updated: names the new priority; P1 is critical; created_at starts the episode")
    func priorityUpdated() throws {
        let signal = try IntakeFixture.signal(.pagerduty, "pagerduty-v3-incident-priority-updated.json")
        #expect(signal.correlationKey == "pagerduty:incident:PGR0VU2")
        #expect(signal.effect == .annotate)
        #expect(signal.summary == "PagerDuty: priority of #2 changed to P1")
        #expect(signal.severity == .critical)
        #expect(signal.services == ["API Service"])
        #expect(signal.actor == "Tenex Engineer")
        let alert = try #require(signal.alerts.first)
        #expect(alert.fingerprint == "PGR0VU2")
        #expect(alert.status == .firing)
        #expect(alert.startsAt == (try IntakeFixture.time("2020-04-09T15:16:27Z")))
        #expect(alert.labels["incident_key"] == "d3640fbd41094207a1c11e58e46b1662")
    }

    @Test("pagey.ping: no signal, but a dedup key")
    func ping() throws {
        let parsed = try IntakeFixture.parse(.pagerduty, body: try IntakeFixture.bytes("pagerduty-v3-pagey-ping.json"))
        #expect(parsed.signals.isEmpty)
        #expect(parsed.opaqueReason == nil)
        #expect(parsed.dedupKey == "01D8FYLHB5WAOASD!BWY4P3M")
    }

    @Test("Event types map to transitions; everything else is a timeline entry", arguments: [
        ("incident.triggered", Signal.Effect.transition(.triggered)),
        ("incident.unacknowledged", .transition(.triggered)),
        ("incident.reopened", .transition(.triggered)),
        ("incident.acknowledged", .transition(.acknowledged)),
        ("incident.resolved", .transition(.resolved)),
        ("incident.escalated", .annotate),
        ("incident.reassigned", .annotate),
        ("incident.status_update_published", .annotate),
        ("incident.responder.added", .annotate),
    ])
    func eventTypes(eventType: String, effect: Signal.Effect) throws {
        let text = try IntakeFixture.edited("pagerduty-v3-incident-triggered.json", "\"incident.triggered\"", "\"\(eventType)\"")
        let signal = try #require(try IntakeFixture.parse(.pagerduty, text: text).signals.first)
        #expect(signal.effect == effect)
        #expect(!signal.summary.isEmpty && !signal.summary.contains("\n"))
    }

    @Test("A resolved incident with created_at reports its alert resolved at occurred_at")
    func resolvedEpisode() throws {
        var text = try IntakeFixture.edited("pagerduty-v3-incident-priority-updated.json", "\"incident.priority_updated\"", "\"incident.resolved\"")
        text = text.replacingOccurrences(of: #""status": "triggered""#, with: #""status": "resolved""#)
        let signal = try #require(try IntakeFixture.parse(.pagerduty, text: text).signals.first)
        #expect(signal.effect == .transition(.resolved))
        #expect(signal.alerts.first?.status == .resolved)
        #expect(signal.alerts.first?.endsAt == (try IntakeFixture.time("2020-10-02T18:45:22.169Z")))
    }

    @Test("Service events carry no signal; a body without `event` is refused at `event`")
    func nonIncidentEvents() throws {
        let service = #"{"event":{"id":"E1","event_type":"service.updated","resource_type":"service","data":{"id":"PSVC","type":"service"}}}"#
        #expect(try IntakeFixture.parse(.pagerduty, text: service).signals.isEmpty)
        #expect(IntakeFixture.error(.pagerduty, text: #"{"messages":[]}"#)?.path == "event")
        #expect(IntakeFixture.error(.pagerduty, text: #"{"event":{"id":"x"}}"#)?.path == "event.event_type")
        let noIncident = #"{"event":{"id":"E2","event_type":"incident.annotated","data":{"type":"incident_note","content":"x"}}}"#
        #expect(IntakeFixture.error(.pagerduty, text: noIncident)?.path == "event.data.id")
        let badTime = try IntakeFixture.edited("pagerduty-v3-incident-triggered.json", "2021-06-04T13:35:29.781Z", "June 4th")
        #expect(IntakeFixture.error(.pagerduty, text: badTime)?.path == "event.occurred_at")
    }
}
