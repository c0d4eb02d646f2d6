import AftermathCore
@testable import Archive
import Foundation
import GRDB
import Testing
@testable import Site

/// The kept plan (`.aftermath-site-plan`): a rebuild after postmortem body edits alone reads only
/// the incidents it re-renders; any archive change, a template or option change, or time passing a
/// deadline makes the build a full one. Each test compares the site with one built from scratch.
@Suite("Site kept plan")
struct KeptPlanTests {
    /// What changes the archive (or the clock) between two postmortem body edits.
    enum Change: String, CaseIterable, CustomTestStringConvertible {
        case alert, timeline, evidence, statusPageLink, retention, chatImport, postmortemDue, incidentDeleted
        var testDescription: String { rawValue }
    }

    static func edit(_ fixture: SiteFixture, _ incident: SiteFixture.Incident, _ text: String) throws {
        try fixture.writePostmortem(incident, body: "# What happened\n\n\(text)\n", status: "final")
    }

    /// Every page of `fixture`'s site, built again from scratch into another directory with the same clock.
    static func fromScratch(_ fixture: SiteFixture, clock: any WallClock) async throws -> [String: String] {
        var options = fixture.options()
        options.outputDirectory = fixture.directory.file("scratch")
        _ = try await SiteBuilder(database: fixture.database, options: options, clock: clock).build()
        return pages(options.outputDirectory)
    }

    static func pages(_ root: String) -> [String: String] {
        var pages: [String: String] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            guard path != SitePaths.manifest, path != SitePaths.keptPlan,
                  let data = FileManager.default.contents(atPath: (root as NSString).appendingPathComponent(path)) else { continue }
            pages[path] = String(decoding: data, as: UTF8.self)
        }
        return pages
    }

    @Test("A postmortem body edit rebuilds from the kept plan: the edited page, its shard, search and feed, as a full build would")
    func bodyEdit() async throws {
        let fixture = try SiteFixture("kept-plan-edit")
        let incidents = try await fixture.populateSmall()
        // inc00002 cites inc00001 and ev-1: links to incidents and items the rebuild does not read still resolve.
        try fixture.writePostmortem(incidents[1], body: "# What happened\n\nAs in [inc00001](aftermath:incident/inc00001), see [ev-1](aftermath:evidence/ev-1).\n", status: "final")
        let clock = ManualClock(fixture.t0 + 86_400 * 30)
        let builder = SiteBuilder(database: fixture.database, options: fixture.options(), clock: clock)
        #expect(try await builder.build().fromKeptPlan == false, "no plan kept yet")

        try fixture.writePostmortem(incidents[1], body: "# What happened\n\nAs in [inc00001](aftermath:incident/inc00001), see [ev-1](aftermath:evidence/ev-1). Edited.\n", status: "final")
        let rebuilt = try await builder.build()
        #expect(rebuilt.fromKeptPlan)
        let shard = SitePaths.searchShard(SearchIndexBuilder.shard(of: "inc00002", count: fixture.options().searchShards))
        #expect(Set(rebuilt.written) == ["incident/inc00002.html", shard, SitePaths.search, SitePaths.feed])
        #expect(rebuilt.incidents == 3)
        let page = fixture.page("incident/inc00002.html")
        #expect(page.contains("Edited."))
        #expect(page.contains("href=\"../incident/inc00001.html\""), "the incident link resolves")
        #expect(page.contains("href=\"../evidence/ev-1.html\""), "the evidence link resolves")
        #expect(Self.pages(fixture.output) == (try await Self.fromScratch(fixture, clock: clock)))
        #expect(try await builder.build().written.isEmpty)
    }

    @Test("Front matter or digest changes, removed files, missing pages and other templates take the full build")
    func fullBuilds() async throws {
        let fixture = try SiteFixture("kept-plan-full")
        let incidents = try await fixture.populateSmall()
        let clock = ManualClock(fixture.t0 + 86_400 * 30)
        let builder = SiteBuilder(database: fixture.database, options: fixture.options(), clock: clock)
        _ = try await builder.build()

        try fixture.writePostmortem(incidents[0], body: "# Summary\n\nA new summary.\n", status: "final", title: "Checkout down")
        let retitled = try await builder.build()
        #expect(!retitled.fromKeptPlan)
        #expect(retitled.written.contains("index.html"))

        try fixture.writePostmortem(incidents[0], body: "# Summary\n\nAnother summary.\n", status: "final", title: "Checkout down")
        let summary = try await builder.build()
        #expect(!summary.fromKeptPlan, "the summary is quoted by later incidents' \"seen before\"")
        #expect(fixture.page("incident/inc00002.html").contains("Another summary."))

        try FileManager.default.removeItem(atPath: (fixture.output as NSString).appendingPathComponent("index.html"))
        try Self.edit(fixture, incidents[0], "Body only.")
        let missing = try await builder.build()
        #expect(!missing.fromKeptPlan)
        #expect(missing.written.contains("index.html"))

        var titled = fixture.options()
        titled.title = "Another title"
        try Self.edit(fixture, incidents[0], "Body only, again.")
        #expect(try await SiteBuilder(database: fixture.database, options: titled, clock: clock).build().fromKeptPlan == false)
        #expect(fixture.page("incident/inc00003.html").contains("Another title"))
    }

    @Test("An archive change after the plan was kept is shown by the next build, with a postmortem edited too", arguments: Change.allCases)
    func archiveChange(_ change: Change) async throws {
        let fixture = try SiteFixture("kept-plan-\(change.rawValue)")
        let incidents = try await fixture.populateSmall()
        let clock = ManualClock(fixture.t0 + 86_400 * 30)
        let builder = SiteBuilder(database: fixture.database, options: fixture.options(), clock: clock)
        if change == .postmortemDue {
            try await fixture.database.writer.write { db in
                try db.execute(sql: """
                    INSERT INTO postmortem (incident_id, due_at, created_at, updated_at) VALUES ('inc00002', ?, ?, ?)
                    """, arguments: [clock.now() + 3600, fixture.t0, fixture.t0])
            }
        }
        _ = try await builder.build()
        try Self.edit(fixture, incidents[0], "First edit.")
        #expect(try await builder.build().fromKeptPlan, "the plan is in use before the change")
        let before = Self.pages(fixture.output)

        let ids = try await fixture.database.evidence(incidentID: "inc00001").map(\.id)
        try await fixture.database.writer.write { db in
            switch change {
            case .alert:
                try db.execute(sql: "UPDATE alert SET name = 'DiskFull' WHERE incident_id = 'inc00002'")
            case .timeline:
                try db.execute(sql: """
                    INSERT INTO timeline_event (incident_id, at, kind, source, actor, text, delivery_id, created_at)
                    VALUES ('inc00002', ?, 'note', 'cli', 'ana', 'Failed over the payments queue', NULL, ?)
                    """, arguments: [incidents[1].start + 300, incidents[1].start])
            case .statusPageLink:
                try db.execute(sql: """
                    INSERT INTO statuspage_link (incident_id, kind, page_id, name, status, settled, status_at, open_since, updated_at)
                    VALUES ('inc00002', 'incident', 'pg1', 'Checkout degraded', 'identified', 0, ?, ?, ?)
                    """, arguments: [incidents[1].start, incidents[1].start, incidents[1].start])
            case .retention:
                try db.execute(sql: "UPDATE evidence SET content_removed_at = ? WHERE id = ?", arguments: [clock.now(), ids[1]])
            case .chatImport:
                // What an import stores besides the message rows: a transcript item's timeline entry.
                try db.execute(sql: """
                    INSERT INTO timeline_event (incident_id, at, kind, source, actor, text, delivery_id, created_at)
                    VALUES ('inc00003', ?, 'note', 'slack', 'ana', 'Chat transcript from #inc-api', NULL, ?)
                    """, arguments: [incidents[2].start + 60, incidents[2].start])
                let event = db.lastInsertedRowID
                try db.execute(sql: """
                    INSERT INTO chat_message (incident_id, platform, channel_id, channel_name, message_id, at, author, text, evidence_id,
                        line_no, timeline_event_id, imported_at) VALUES ('inc00003', 'slack', 'C1', 'inc-api', 'm1', ?, 'ana', 'rolling back', ?, 1, ?, ?)
                    """, arguments: [incidents[2].start, ids[0], event, clock.now()])
            case .incidentDeleted:
                try db.execute(sql: "DELETE FROM incident WHERE id = 'inc00003'")
            case .evidence, .postmortemDue:
                break
            }
        }
        if change == .evidence {
            try await fixture.addEvidence(incident: incidents[1], items: [fixture.output("load average: 41.0", name: "uptime-41")])
        }
        if change == .postmortemDue { clock.advance(by: 7200) }
        try Self.edit(fixture, incidents[0], "Second edit.")
        let rebuilt = try await builder.build()
        #expect(!rebuilt.fromKeptPlan)
        let after = Self.pages(fixture.output)
        #expect(after.contains { path, text in path != "incident/inc00001.html" && before[path] != text }, "the change shows on a page")
        #expect(after == (try await Self.fromScratch(fixture, clock: clock)))
    }

    @Test("Every table the site can show has the change-counter triggers; digests and raw deliveries do not bump it")
    func triggers() async throws {
        let fixture = try SiteFixture("kept-plan-triggers")
        let (tables, triggers) = try await fixture.database.writer.read { db in
            (try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"),
             Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'trigger'")))
        }
        for table in tables where SiteChangeCounter.tracks(table) {
            for event in ["insert", "update", "delete"] {
                #expect(triggers.contains("site_change_\(table)_\(event)"), "\(table) has no \(event) trigger")
            }
        }
        for table in ["incident", "alert", "timeline_event", "evidence", "capture", "postmortem", "change_event", "statuspage_link", "chat_message"] {
            #expect(SiteChangeCounter.tracks(table) && tables.contains(table), "\(table)")
        }
        let start = try await fixture.database.siteChangeCounter()
        try await fixture.database.recordPostmortemDigests([PostmortemDigestRecord(
            file: "a.md", incidentID: "inc00001", modified: 1, size: 1, status: "draft", summary: nil, actionsOpen: 0, actionsDone: 0,
            openActions: [], readAt: fixture.t0)], removing: [])
        #expect(try await fixture.database.siteChangeCounter() == start)
        try await fixture.insert([fixture.incident(1)])
        let after = try await fixture.database.siteChangeCounter()
        #expect(after.version > start.version && after.token != start.token)
    }
}
