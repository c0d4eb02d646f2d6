import AftermathCore
import Foundation
import Intake
import Settings
import Testing

@Suite("Intake: Alertmanager group notifications")
struct IntakeAlertmanagerPayloadTests {
    static let groupKey = #"{}/{severity="critical"}:{alertname="HighErrorRate", service="checkout"}"#

    @Test("A captured firing group becomes one followAlerts signal with both alerts")
    func firing() throws {
        let signal = try IntakeFixture.signal(.alertmanager, "alertmanager-firing.json")
        #expect(signal.source == .alertmanager)
        #expect(signal.correlationKey == "alertmanager:incident-archive:" + Self.groupKey)
        #expect(signal.correlation == .recurring)
        #expect(signal.effect == .followAlerts)
        #expect(signal.title == "checkout 5xx ratio above 5%")
        #expect(signal.severity == .critical)
        #expect(signal.services == ["checkout"])
        #expect(signal.labels == ["alertname": "HighErrorRate", "job": "checkout", "service": "checkout", "severity": "critical"])
        #expect(signal.occurredAt == nil)
        #expect(signal.summary == "Alertmanager: 2 firing, 0 resolved (receiver incident-archive)")
        #expect(signal.link == "http://alertmanager.example.internal:9093")
        #expect(signal.alerts.map(\.fingerprint) == ["356d4bad4bb035ae", "0b0c20b166a8dfcb"])
        let start = try IntakeFixture.time("2026-11-27T11:42:14.186Z")
        for alert in signal.alerts {
            #expect(alert.status == .firing)
            #expect(alert.startsAt == start)
            #expect(alert.endsAt == nil)
            #expect(alert.name == "HighErrorRate")
            #expect(alert.labels["severity"] == "critical")
            #expect(alert.annotations["summary"] == "checkout 5xx ratio above 5%")
            #expect(alert.generatorURL?.hasSuffix("%5B5m%5D%29%29+%3E+0.05&g0.tab=1") == true)
        }
        #expect(signal.alerts[0].labels["instance"] == "checkout-7d9f8b6c5-abcde:8080")
    }

    @Test("A partially resolved group reports one resolved alert with its end time")
    func partiallyResolved() throws {
        let signal = try IntakeFixture.signal(.alertmanager, "alertmanager-partially-resolved.json")
        #expect(signal.effect == .followAlerts)
        #expect(signal.alerts.map(\.status) == [.resolved, .firing])
        #expect(signal.alerts[0].endsAt == (try IntakeFixture.time("2026-11-27T11:42:30.992Z")))
        #expect(signal.alerts[1].endsAt == nil)
        #expect(signal.summary == "Alertmanager: 1 firing, 1 resolved (receiver incident-archive)")
    }

    @Test("The final resolved message lists only the alert resolved since the last flush")
    func resolved() throws {
        let signal = try IntakeFixture.signal(.alertmanager, "alertmanager-resolved.json")
        #expect(signal.alerts.count == 1)
        #expect(signal.alerts[0].fingerprint == "0b0c20b166a8dfcb")
        #expect(signal.alerts[0].status == .resolved)
        #expect(signal.alerts[0].endsAt == (try IntakeFixture.time("2026-11-27T11:42:41.716Z")))
        #expect(signal.correlationKey == "alertmanager:incident-archive:" + Self.groupKey)
        #expect(signal.severity == .critical)
    }

    @Test("An HA peer's copy (own externalURL) and a redelivery share the dedup key")
    func haDuplicateSharesKey() throws {
        let firing = try IntakeFixture.parse(.alertmanager, body: try IntakeFixture.bytes("alertmanager-firing.json"))
        let again = try IntakeFixture.parse(.alertmanager, body: try IntakeFixture.bytes("alertmanager-firing.json"))
        let peer = try IntakeFixture.parse(.alertmanager, text: try IntakeFixture.edited(
            "alertmanager-firing.json", "http://alertmanager.example.internal:9093", "http://alertmanager-2.example.internal:9093"))
        #expect(IntakeFixture.isSHA256Hex(firing.dedupKey))
        #expect(again.dedupKey == firing.dedupKey)
        #expect(peer.dedupKey == firing.dedupKey)
        #expect(peer.signals[0].link == "http://alertmanager-2.example.internal:9093")
    }

    @Test("Firing, partially resolved and resolved messages of one group have distinct dedup keys")
    func stateChangesHaveDistinctKeys() throws {
        let keys = try ["alertmanager-firing.json", "alertmanager-partially-resolved.json", "alertmanager-resolved.json"].map {
            try IntakeFixture.parse(.alertmanager, body: try IntakeFixture.bytes($0)).dedupKey
        }
        #expect(Set(keys).count == 3)
    }

    @Test("Alert order does not change the dedup key; another receiver does")
    func dedupKeyIsOrderIndependent() throws {
        let body = try IntakeFixture.text("alertmanager-firing.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        var reordered = json
        reordered["alerts"] = (json["alerts"] as? [Any]).map { Array($0.reversed()) }
        let reorderedBody = Array(try JSONSerialization.data(withJSONObject: reordered, options: [.sortedKeys]))
        var renamed = json
        renamed["receiver"] = "other"
        let renamedBody = Array(try JSONSerialization.data(withJSONObject: renamed))
        let original = try IntakeFixture.parse(.alertmanager, body: Array(body.utf8)).dedupKey
        #expect(try IntakeFixture.parse(.alertmanager, body: reorderedBody).dedupKey == original)
        #expect(try IntakeFixture.parse(.alertmanager, body: renamedBody).dedupKey != original)
    }

    @Test("A v0.34 body (notification_reason, routeLabels) parses like the v0.25 one")
    func version034() throws {
        let old = try IntakeFixture.parse(.alertmanager, body: try IntakeFixture.bytes("alertmanager-firing.json"))
        let new = try IntakeFixture.parse(.alertmanager, body: try IntakeFixture.bytes("alertmanager-firing-v034.json"))
        #expect(new.signals == old.signals)
        #expect(new.dedupKey == old.dedupKey)
    }

    @Test("Unknown keys at every level are ignored")
    func unknownKeys() throws {
        var text = try IntakeFixture.edited("alertmanager-firing.json", #""truncatedAlerts":0}"#,
                                            #""truncatedAlerts":0,"futureField":{"nested":[1,2,{"x":null}]},"flag":true}"#)
        text = text.replacingOccurrences(of: #""fingerprint":"356d4bad4bb035ae""#,
                                         with: #""fingerprint":"356d4bad4bb035ae","enrichments":[{"kind":"x"}],"ruleUID":"abc""#)
        let signal = try #require(try IntakeFixture.parse(.alertmanager, text: text).signals.first)
        #expect(signal.alerts.count == 2)
        #expect(signal.title == "checkout 5xx ratio above 5%")
    }

    @Test("A custom payload template (no version or groupKey) is kept as opaque, keyed by its body hash")
    func customPayloadIsOpaque() throws {
        let body = #"{"text":"HighErrorRate is firing","count":2}"#
        let parsed = try IntakeFixture.parse(.alertmanager, text: body)
        #expect(parsed.signals.isEmpty)
        let reason = try #require(parsed.opaqueReason)
        #expect(reason.contains("\"version\"") && reason.contains("\"groupKey\""))
        #expect(parsed.dedupKey == "fea8a947d3614fccdbb7bfb9c6951e0cb2321dd0ae98f1252b747336a98026e1")  // sha256sum of the body

        let onlyVersion = try IntakeFixture.parse(.alertmanager, text: #"{"version":"4","receiver":"x"}"#)
        #expect(onlyVersion.opaqueReason?.contains("groupKey") == true)
        #expect(onlyVersion.opaqueReason?.contains("\"version\"") == false)

        let array = try IntakeFixture.parse(.alertmanager, text: #"[{"alert":"x"}]"#)
        #expect(array.signals.isEmpty)
        #expect(array.opaqueReason?.contains("not an object") == true)

        let numericVersion = try IntakeFixture.parse(.alertmanager, text: #"{"version":4,"alerts":"many"}"#)
        #expect(numericVersion.opaqueReason != nil)
    }

    @Test("The same custom payload twice gives the same key; a different one a different key")
    func opaqueKeysAreBodyHashes() throws {
        let a = try IntakeFixture.parse(.alertmanager, text: #"{"text":"a"}"#)
        let b = try IntakeFixture.parse(.alertmanager, text: #"{"text":"a"}"#)
        let c = try IntakeFixture.parse(.alertmanager, text: #"{"text":"b"}"#)
        #expect(a.dedupKey == "6193c97585a0f731ce7b500bb69d2476816afb14c8d95ac8e6e865f680e9e438")  // sha256sum of the body
        #expect(a.dedupKey == b.dedupKey)
        #expect(a.dedupKey != c.dedupKey)
    }

    @Test("An unknown version is refused, naming the field")
    func unknownVersion() throws {
        let text = try IntakeFixture.edited("alertmanager-firing.json", #""version":"4""#, #""version":"5""#)
        let error = try #require(IntakeFixture.error(.alertmanager, text: text))
        #expect(error.path == "version")
        #expect(error.reason.contains("\"4\"") && error.reason.contains("\"5\""))
    }

    @Test("Title falls back to the group labels, then to the first alert's name")
    func titleFallbacks() throws {
        let noSummary = try IntakeFixture.edited("alertmanager-firing.json",
            #""commonAnnotations":{"runbook_url":"https://runbooks.example.com/checkout/high-error-rate","summary":"checkout 5xx ratio above 5%"}"#,
            #""commonAnnotations":{}"#)
        #expect(try IntakeFixture.parse(.alertmanager, text: noSummary).signals.first?.title == "HighErrorRate (checkout)")
        let noGroup = noSummary.replacingOccurrences(of: #""groupLabels":{"alertname":"HighErrorRate","service":"checkout"}"#, with: #""groupLabels":{}"#)
        #expect(noGroup != noSummary)
        #expect(try IntakeFixture.parse(.alertmanager, text: noGroup).signals.first?.title == "HighErrorRate")
    }

    @Test("Services come from the first configured service label each alert has")
    func serviceLabels() throws {
        let body = try IntakeFixture.bytes("alertmanager-firing.json")
        let byInstance = try IntakeFixture.parse(.alertmanager, body: body, intake: IntakeConfig(serviceLabels: ["team", "instance"]))
        #expect(byInstance.signals.first?.services == ["checkout-7d9f8b6c5-abcde:8080", "checkout-7d9f8b6c5-fghij:8080"])
        let none = try IntakeFixture.parse(.alertmanager, body: body, intake: IntakeConfig(serviceLabels: ["team"]))
        #expect(none.signals.first?.services == [])
    }

    @Test("Severity is the worst label among the alerts, nil when none has one")
    func severity() throws {
        let mixed = try IntakeFixture.edited("alertmanager-firing.json",
            #""service":"checkout","severity":"critical"},"annotations":{"description":"5xx ratio is 6.1%"#,
            #""service":"checkout","severity":"warning"},"annotations":{"description":"5xx ratio is 6.1%"#)
        #expect(try IntakeFixture.parse(.alertmanager, text: mixed).signals.first?.severity == .critical)
        let none = try IntakeFixture.text("alertmanager-firing.json").replacingOccurrences(of: #","severity":"critical""#, with: "")
        #expect(try IntakeFixture.parse(.alertmanager, text: none).signals.first?.severity == nil)
    }
}
