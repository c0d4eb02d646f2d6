import AftermathCore
import Foundation
import Intake
import Settings
import Testing

@Suite("Intake: Statuspage subscriber webhooks")
struct IntakeStatuspagePayloadTests {
    @Test("Incident created as `identified`: acknowledged, joins the service's incident")
    func incident() throws {
        let signal = try IntakeFixture.signal(.statuspage, "statuspage-incident.json")
        #expect(signal.correlationKey == "statuspage:incident:z3lct0r596n4")
        #expect(signal.correlation == .exact)
        #expect(signal.effect == .transition(.acknowledged))
        #expect(signal.joinsServiceIncident)
        #expect(signal.title == "Database query delays")
        #expect(signal.services == ["Management Portal (example)"])
        #expect(signal.link == "http://stspg.io/646947c1e")
        #expect(signal.occurredAt == (try IntakeFixture.time("2017-12-26T07:32:00.548Z")))
        #expect(signal.summary.hasPrefix("Statuspage: identified — We just encountered that database queries are timing out"))
        #expect(signal.severity == .info)  // impact "none"
        #expect(signal.statusPage == StatusPageReport(kind: .incident, id: "z3lct0r596n4", name: "Database query delays", status: "identified"))
        #expect(signal.statusPage?.isSettled == false)
    }

    @Test("What each update says about the status page itself: an incident settles when resolved, a component when operational")
    func statusPageReports() throws {
        let resolved = try IntakeFixture.signal(.statuspage, "statuspage-incident-resolved.json")
        #expect(resolved.statusPage?.status == "resolved")
        #expect(resolved.statusPage?.isSettled == true)
        let component = try IntakeFixture.signal(.statuspage, "statuspage-component-update.json")
        #expect(component.statusPage == StatusPageReport(kind: .component, id: "sqm6pl84wzjc", name: "Database component", status: "under_maintenance"))
        #expect(component.statusPage?.isSettled == false)
        #expect(StatusPageReport(kind: .component, id: "c", name: "c", status: "operational").isSettled)
        #expect(StatusPageReport(kind: .incident, id: "i", name: "i", status: "postmortem").isSettled)
        #expect(!StatusPageReport(kind: .incident, id: "i", name: "i", status: "monitoring").isSettled)
    }

    @Test("Components map to services by name or by id; unmapped keep their name")
    func serviceMapping() throws {
        let byName = SourceConfig(services: ["Management Portal (example)": "portal"])
        #expect(try IntakeFixture.signal(.statuspage, "statuspage-incident.json", config: byName).services == ["portal"])
        let byCode = SourceConfig(services: ["zvdm6f7gf76j": "portal-by-id"])
        #expect(try IntakeFixture.signal(.statuspage, "statuspage-incident.json", config: byCode).services == ["portal-by-id"])
        let component = SourceConfig(services: ["sqm6pl84wzjc": "database"])
        #expect(try IntakeFixture.signal(.statuspage, "statuspage-component-update.json", config: component).services == ["database"])
    }

    @Test("Incident resolved: the newest update's body, a new dedup key")
    func resolved() throws {
        let signal = try IntakeFixture.signal(.statuspage, "statuspage-incident-resolved.json")
        #expect(signal.effect == .transition(.resolved))
        #expect(signal.correlationKey == "statuspage:incident:z3lct0r596n4")
        #expect(signal.summary == "Statuspage: resolved — The database issue is resolved.")
        #expect(signal.occurredAt == (try IntakeFixture.time("2017-12-26T07:37:20.785Z")))
        let created = try IntakeFixture.parse(.statuspage, body: try IntakeFixture.bytes("statuspage-incident.json"))
        let done = try IntakeFixture.parse(.statuspage, body: try IntakeFixture.bytes("statuspage-incident-resolved.json"))
        #expect(created.dedupKey != done.dedupKey)
        #expect(IntakeFixture.isSHA256Hex(done.dedupKey))
        // Same incident and newest update, different page metadata: the same notification.
        let regenerated = try IntakeFixture.edited("statuspage-incident-resolved.json", "2017-12-26T07:37:21.000Z", "2017-12-26T07:40:00.000Z")
        #expect(try IntakeFixture.parse(.statuspage, text: regenerated).dedupKey == done.dedupKey)
    }

    @Test("Incident statuses", arguments: [
        ("investigating", Signal.Effect.transition(.triggered)), ("identified", .transition(.acknowledged)),
        ("monitoring", .transition(.acknowledged)), ("resolved", .transition(.resolved)),
        ("postmortem", .transition(.resolved)), ("completed", .transition(.resolved)),
        ("scheduled", .annotate), ("in_progress", .annotate), ("verifying", .annotate),
    ])
    func incidentStatuses(status: String, effect: Signal.Effect) throws {
        let text = try IntakeFixture.edited("statuspage-incident.json",
            "\"status\": \"identified\",\n    \"created_at\"", "\"status\": \"\(status)\",\n    \"created_at\"")
        #expect(try IntakeFixture.parse(.statuspage, text: text).signals.first?.effect == effect)
    }

    @Test("Component update to under_maintenance: a timeline entry on the recurring component key")
    func component() throws {
        let signal = try IntakeFixture.signal(.statuspage, "statuspage-component-update.json")
        #expect(signal.correlationKey == "statuspage:component:sqm6pl84wzjc")
        #expect(signal.correlation == .recurring)
        #expect(signal.effect == .annotate)
        #expect(signal.services == ["Database component"])
        #expect(signal.joinsServiceIncident)
        #expect(signal.summary == "Statuspage: Database component operational → under_maintenance")
        #expect(signal.occurredAt == (try IntakeFixture.time("2017-12-26T07:59:09.379Z")))
    }

    @Test("Component statuses", arguments: [
        ("operational", Signal.Effect.transition(.resolved)), ("degraded_performance", .transition(.triggered)),
        ("partial_outage", .transition(.triggered)), ("major_outage", .transition(.triggered)),
        ("under_maintenance", .annotate),
    ])
    func componentStatuses(status: String, effect: Signal.Effect) throws {
        let text = try IntakeFixture.edited("statuspage-component-update.json", #""new_status": "under_maintenance""#, #""new_status": "\#(status)""#)
        let signal = try #require(try IntakeFixture.parse(.statuspage, text: text).signals.first)
        #expect(signal.effect == effect)
        if status == "major_outage" { #expect(signal.severity == .critical) }
    }

    @Test("A body with neither incident nor component_update is refused at `incident`")
    func neither() throws {
        #expect(IntakeFixture.error(.statuspage, text: #"{"meta":{},"page":{"id":"x"}}"#)?.path == "incident")
    }
}
