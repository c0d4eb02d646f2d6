import AftermathCore
import Foundation
import Intake
import Testing

@Suite("Intake: Splunk On-Call (VictorOps) outgoing webhooks")
struct IntakeVictorOpsPayloadTests {
    @Test("Our template, triggered: UNACKED → triggered, CRITICAL severity, ms time as a string")
    func triggered() throws {
        let signal = try IntakeFixture.signal(.victorops, "victorops-incident-triggered.json")
        #expect(signal.correlationKey == "victorops:incident:9")
        #expect(signal.correlation == .exact)
        #expect(signal.effect == .transition(.triggered))
        #expect(signal.title == "Incident 9")
        #expect(signal.severity == .critical)
        #expect(signal.services == ["Incident 9"])
        #expect(signal.actor == nil)  // ack_user is SYSTEM
        #expect(signal.occurredAt == Date(timeIntervalSince1970: 1_646_224_868.334))
        #expect(signal.labels["entity_id"] == "bae7a0fc-42b6-45cc-9bff-5b1719c96c91")
        #expect(signal.labels["monitoring_tool"] == "manual")
        #expect(signal.summary == "Splunk On-Call: incident #9 CRITICAL: Incident 9 Body")
        let parsed = try IntakeFixture.parse(.victorops, body: try IntakeFixture.bytes("victorops-incident-triggered.json"))
        #expect(parsed.dedupKey == "fc75f93cda954efec407154d8d80ad2572b730ebf372c12e902fb27ed94aa092")  // sha256sum of the file
    }

    @Test("Acknowledged and resolved deliveries for incident 12")
    func acknowledgedAndResolved() throws {
        let ack = try IntakeFixture.signal(.victorops, "victorops-incident-acknowledged.json")
        let resolved = try IntakeFixture.signal(.victorops, "victorops-incident-resolved.json")
        #expect(ack.correlationKey == "victorops:incident:12")
        #expect(resolved.correlationKey == "victorops:incident:12")
        #expect(ack.effect == .transition(.acknowledged))
        #expect(resolved.effect == .transition(.resolved))
        #expect(ack.actor == "timidri")
        #expect(ack.severity == nil)
        #expect(resolved.occurredAt == Date(timeIntervalSince1970: 1_646_240_415.206))
        #expect(resolved.summary == "Splunk On-Call: incident #12 RECOVERY: Resolved by timidri")
    }

    @Test("The all-variables capture: phases disagree, so message_type CRITICAL decides (triggered)")
    func allVariablesCapture() throws {
        let signal = try IntakeFixture.signal(.victorops, "victorops-allvars-capture.json")
        #expect(signal.correlationKey == "victorops:incident:9")
        #expect(signal.effect == .transition(.triggered))
        #expect(signal.title == "Incident 9")
        #expect(signal.services == ["Incident 9"])
        #expect(signal.severity == .critical)
        #expect(signal.occurredAt == Date(timeIntervalSince1970: 1_646_224_868.334))
    }

    @Test("Phase rules", arguments: [
        ("UNACKED", "UNACKED", "CRITICAL", Signal.Effect?.some(.transition(.triggered))),
        ("ACKED", "ACKED", "ACKNOWLEDGEMENT", .transition(.acknowledged)),
        ("RESOLVED", "RESOLVED", "RECOVERY", .transition(.resolved)),
        ("UNACKED", "RESOLVED", "RECOVERY", .transition(.resolved)),
        ("ACKED", "UNACKED", "", .transition(.acknowledged)),
        ("", "ACKED", "", .transition(.acknowledged)),
        ("", "", "WARNING", .transition(.triggered)),
        ("UNACKED", "UNACKED", "INFO", .annotate),
        ("", "", "", nil),
    ])
    func phases(alert: String, incident: String, message: String, effect: Signal.Effect?) throws {
        let body = #"{"incident_number":"5","alert_phase":"\#(alert)","incident_phase":"\#(incident)","message_type":"\#(message)"}"#
        if let effect {
            #expect(try IntakeFixture.parse(.victorops, text: body).signals.first?.effect == effect)
        } else {
            #expect(IntakeFixture.error(.victorops, text: body)?.path == "alert_phase")
        }
    }

    @Test("Unquoted numbers work; the unrendered template is refused at incident_number")
    func numbersAndPlaceholders() throws {
        let numeric = #"{"incident_number":7,"alert_phase":"UNACKED","last_timestamp":1646224868334,"alert_count":1}"#
        let signal = try #require(try IntakeFixture.parse(.victorops, text: numeric).signals.first)
        #expect(signal.correlationKey == "victorops:incident:7")
        #expect(signal.occurredAt == Date(timeIntervalSince1970: 1_646_224_868.334))
        let error = try #require(IntakeFixture.error(.victorops, body: try IntakeFixture.bytes("victorops-template.json")))
        #expect(error.path == "incident_number")
        #expect(error.reason.contains("placeholder"))
    }
}
