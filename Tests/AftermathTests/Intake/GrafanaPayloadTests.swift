import AftermathCore
import Foundation
import Intake
import Testing

@Suite("Intake: Grafana contact-point notifications")
struct IntakeGrafanaPayloadTests {
    @Test("Grafana's integration-test body: one firing alert, org in the key, title from the group labels")
    func firing() throws {
        let signal = try IntakeFixture.signal(.grafana, "grafana-firing.json")
        #expect(signal.source == .grafana)
        #expect(signal.correlationKey == #"grafana:org1:webhook_recv:{}/{alertname="WebhookAlert"}:{alertname="WebhookAlert"}"#)
        #expect(signal.correlation == .recurring)
        #expect(signal.effect == .followAlerts)
        #expect(signal.title == "WebhookAlert")
        #expect(signal.severity == nil)
        #expect(signal.services == [])
        #expect(signal.labels == ["alertname": "WebhookAlert", "grafana_folder": "default"])
        #expect(signal.link == "http://localhost:3000/")
        #expect(signal.summary == "Grafana: 1 firing, 0 resolved (receiver webhook_recv)")
        let alert = try #require(signal.alerts.first)
        #expect(signal.alerts.count == 1)
        #expect(alert.fingerprint == "15c59b0a380bd9f1")
        #expect(alert.status == .firing)
        #expect(alert.startsAt == (try IntakeFixture.time("2024-05-14T09:12:40Z")))
        #expect(alert.endsAt == nil)
        #expect(alert.name == "WebhookAlert")
        #expect(alert.generatorURL == "http://localhost:3000/alerting/grafana/UID_WebhookAlert/view")
    }

    @Test("Grafana 11 body with evaluation values and image URL")
    func firingV11() throws {
        let signal = try IntakeFixture.signal(.grafana, "grafana-firing-v11-values.json")
        #expect(signal.correlationKey == #"grafana:org1:Debug webhook:{}/{debug="true"}:{alertname="Memory (copy)", grafana_folder="device"}"#)
        #expect(signal.title == "High memory usage")
        #expect(signal.alerts.count == 1)
        #expect(signal.alerts[0].name == "Memory (copy)")
        #expect(signal.alerts[0].startsAt == (try IntakeFixture.time("2024-03-01T02:09:00Z")))
        #expect(signal.link == "https://play.grafana.org/")
    }

    @Test("Grafana 9 resolved body: nanosecond end time, empty group labels")
    func resolved() throws {
        let signal = try IntakeFixture.signal(.grafana, "grafana-resolved.json")
        #expect(signal.correlationKey == #"grafana:org1:Webhook test:{}/{test="true"}:{}"#)
        #expect(signal.title == "This is a summary field, failure on <no value>")
        let alert = try #require(signal.alerts.first)
        #expect(alert.status == .resolved)
        #expect(alert.startsAt == (try IntakeFixture.time("2022-06-17T00:41:00.782137894Z")))
        #expect(alert.endsAt == (try IntakeFixture.time("2022-06-17T00:51:24.067337833Z")))
        #expect(signal.summary == "Grafana: 0 firing, 1 resolved (receiver Webhook test)")
    }

    @Test("Without orgId the key has no org part; orgId is part of the dedup key")
    func orgID() throws {
        let withoutOrg = try IntakeFixture.edited("grafana-firing.json", "\"orgId\": 1,", "")
        let a = try IntakeFixture.parse(.grafana, text: withoutOrg)
        #expect(a.signals.first?.correlationKey == #"grafana:webhook_recv:{}/{alertname="WebhookAlert"}:{alertname="WebhookAlert"}"#)
        let otherOrg = try IntakeFixture.edited("grafana-firing.json", "\"orgId\": 1,", "\"orgId\": 2,")
        let b = try IntakeFixture.parse(.grafana, text: otherOrg)
        let original = try IntakeFixture.parse(.grafana, body: try IntakeFixture.bytes("grafana-firing.json"))
        #expect(b.signals.first?.correlationKey.hasPrefix("grafana:org2:") == true)
        #expect(b.dedupKey != original.dedupKey)
        #expect(a.dedupKey != original.dedupKey)
    }

    @Test("An Alertmanager body posted to the Grafana route is refused at `version`")
    func wrongVersion() throws {
        let error = try #require(IntakeFixture.error(.grafana, body: try IntakeFixture.bytes("alertmanager-firing.json")))
        #expect(error.path == "version")
    }

    @Test("A custom Grafana payload template is opaque")
    func customPayload() throws {
        let parsed = try IntakeFixture.parse(.grafana, text: #"{"title":"[FIRING:1] x","message":"hello"}"#)
        #expect(parsed.signals.isEmpty)
        #expect(parsed.opaqueReason != nil)
    }
}
