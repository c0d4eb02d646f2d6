import AftermathCore
import Archive
import Foundation
import Logging
import Server
import Settings
import Testing

/// Status page follow-through on a manual clock: an incident resolves while its Statuspage incident
/// and a component stay open; it is flagged `reminder_after` later, reminded then and every
/// `reminder_every`, and cleared by the Statuspage webhooks saying it is over.
@Suite("Status page follow-through")
struct StatusPageFollowUpTests {
    static let start = try! Timestamp.parse("2017-12-26T07:36:00Z")!
    static let timing = StatusPageTiming(after: 900, every: 3600)

    static func archive() throws -> TestArchive {
        var config = AftermathConfig()
        config.sources[.statuspage] = SourceConfig(services: ["Management Portal (example)": "checkout", "Database component": "checkout"])
        return try TestArchive(config: config, now: start)
    }

    /// The fixture with its newest update (or the component update) changed.
    static func statuspage(_ fixture: String, edit: (inout [String: Any]) -> Void) throws -> [UInt8] {
        var json = try #require(try JSONSerialization.jsonObject(with: Data(try Fixtures.webhook(fixture))) as? [String: Any])
        edit(&json)
        return Array(try JSONSerialization.data(withJSONObject: json))
    }

    static func generic(_ status: String, time: String? = nil) -> [UInt8] {
        let at = time.map { #","time":"\#($0)""# } ?? ""
        return Array(#"{"key":"checkout-errors","status":"\#(status)","title":"Checkout errors","services":["checkout"]\#(at)}"#.utf8)
    }

    static func service(_ archive: TestArchive) -> StatusPageFollowUpService {
        var logger = Logger(label: "statuspage-test")
        logger.logLevel = .critical
        return StatusPageFollowUpService(
            database: archive.database, config: StatusPageConfig(reminderAfter: 900, reminderEvery: 3600),
            routing: NotificationRouting(targets: [.statuspageReminder: ["oncall-slack"]]),
            incidentLink: { "https://pm.example.com/incident/\($0).html" }, clock: archive.clock, logger: logger)
    }

    @Test("Flagged reminder_after after the resolve, reminded then and every reminder_every, cleared once the status page catches up")
    func remindsUntilSettled() async throws {
        let archive = try Self.archive()
        let clock = archive.clock
        let componentDown = try Self.statuspage("statuspage-component-update.json") { json in
            var update = json["component_update"] as? [String: Any] ?? [:]
            update["new_status"] = "major_outage"
            update["created_at"] = "2017-12-26T07:33:00Z"
            json["component_update"] = update
        }
        let componentUp = try Self.statuspage("statuspage-component-update.json") { json in
            var update = json["component_update"] as? [String: Any] ?? [:]
            update["id"] = "componentup01"
            update["old_status"] = "major_outage"
            update["new_status"] = "operational"
            update["created_at"] = "2017-12-26T09:00:00Z"
            json["component_update"] = update
        }
        // An "identified" update written before the resolution but delivered after it.
        let lateIdentified = try Self.statuspage("statuspage-incident.json") { json in
            var incident = json["incident"] as? [String: Any] ?? [:]
            var updates = incident["incident_updates"] as? [[String: Any]] ?? []
            updates[0]["id"] = "lateupdate01"
            updates[0]["created_at"] = "2017-12-26T07:33:00Z"
            incident["incident_updates"] = updates
            json["incident"] = incident
        }
        let service = Self.service(archive)
        try await archive.withClient { client in
            #expect(try await client.post("/hooks/generic", Self.generic("firing", time: "2017-12-26T07:30:00Z")).0 == .accepted)
            #expect(try await client.post("/hooks/statuspage", try Fixtures.webhook("statuspage-incident.json")).0 == .accepted)
            #expect(try await client.post("/hooks/statuspage", componentDown).0 == .accepted)
            #expect(try await archive.database.incidents().count == 1, "both Statuspage updates join the checkout incident")
            #expect(try await archive.database.statusPageFollowUps(timing: Self.timing).isEmpty, "not while the incident is open")

            #expect(try await client.post("/hooks/generic", Self.generic("resolved")).0 == .accepted)
            let id = try #require(try await archive.database.incidents().first).id
            var followUps = try await archive.database.statusPageFollowUps(timing: Self.timing)
            #expect(followUps.count == 1)
            let followUp = try #require(followUps.first)
            #expect(followUp.incidentID == id)
            #expect(followUp.flaggedAt == Self.start + 900)
            #expect(followUp.summary == #"Statuspage component "Database component" is major outage; Statuspage incident "Database query delays" is identified"#)
            #expect(!followUp.isFlagged(at: clock.now()))
            // `incident show --json` keeps every key: before the first reminder, `last_reminder_at` is null.
            let detail = try #require(try await archive.database.incident(id: id))
            let record = try JSONSerialization.jsonObject(with: JSONEncoder().encode(IncidentReport(detail, statusPage: followUp))) as? [String: Any]
            let flag = try #require(record?["statuspage_open_after_resolve"] as? [String: Any])
            #expect(flag["reminders"] as? Int == 0)
            #expect(flag["last_reminder_at"] is NSNull, "\(flag)")

            // Not before reminder_after.
            clock.advance(by: 899)
            #expect(try await service.remindDue() <= 1)
            #expect(try await Self.reminders(archive, id).isEmpty)

            clock.advance(by: 1)
            try await service.remindDue()
            try await service.remindDue()
            #expect(try await Self.reminders(archive, id) == [
                #"Status page still open 15m after "Checkout errors" (\#(id)) resolved: Statuspage component "Database component" is major outage; Statuspage incident "Database query delays" is identified"#,
            ])
            let queued = try await archive.database.notifications(incidentID: id)
            #expect(queued.map(\.target) == ["oncall-slack"])
            #expect(queued.first?.event == .statuspageReminder)
            #expect(queued.first?.link == "https://pm.example.com/incident/\(id).html")
            followUps = try await archive.database.statusPageFollowUps(timing: Self.timing)
            #expect(followUps.first?.reminders == 1)
            #expect(followUps.first?.nextReminderAt == Self.start + 900 + 3600)

            // Again every reminder_every.
            clock.advance(by: 3599)
            try await service.remindDue()
            #expect(try await Self.reminders(archive, id).count == 1)
            clock.advance(by: 1)
            try await service.remindDue()
            #expect(try await Self.reminders(archive, id).count == 2)
            #expect(try await archive.database.notifications(incidentID: id).count == 2)

            // The Statuspage incident resolves; the component is still down.
            #expect(try await client.post("/hooks/statuspage", try Fixtures.webhook("statuspage-incident-resolved.json")).0 == .accepted)
            #expect(try await client.post("/hooks/statuspage", lateIdentified).0 == .accepted)
            followUps = try await archive.database.statusPageFollowUps(timing: Self.timing)
            #expect(followUps.first?.summary == #"Statuspage component "Database component" is major outage"#, "a late older update does not reopen it")
            #expect(try await archive.database.metrics(now: clock.now(), statusPage: Self.timing).statusPageOpenAfterResolve == 1)

            #expect(try await client.post("/hooks/statuspage", componentUp).0 == .accepted)
            #expect(try await archive.database.statusPageFollowUps(timing: Self.timing).isEmpty)
            #expect(try await archive.database.metrics(now: clock.now(), statusPage: Self.timing).statusPageOpenAfterResolve == 0)
            clock.advance(by: 7200)
            try await service.remindDue()
            #expect(try await Self.reminders(archive, id).count == 2)
            #expect(try await archive.database.incidents().first?.status == .resolved, "Statuspage updates never reopen the joined incident")
        }
    }

    static func reminders(_ archive: TestArchive, _ id: String) async throws -> [String] {
        try #require(try await archive.database.incident(id: id)).timeline.filter { $0.kind == .statuspageReminder }.map(\.text)
    }
}
