import AftermathCore
@testable import Archive
import Capture
import Foundation
import Testing
@testable import Site

/// Building the site from an archive: what pages exist, what they show, and how rebuilds behave.
@Suite("Site builder")
struct SiteBuilderTests {
    @Test("A build writes every page; each HTML page carries the CSP; pages show what the archive holds")
    func fullBuild() async throws {
        let fixture = try SiteFixture()
        _ = try await fixture.populateSmall()
        let report = try await fixture.builder().build()
        #expect(report.unchanged == 0)
        #expect(report.removed.isEmpty)
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        let files = fixture.builtFiles()
        for path in ["index.html", "services.html", "search.html", "feed.xml", "assets/site.css", "assets/search.js",
                     "incident/inc00001.html", "evidence/ev-1.html", "evidence/ev-2.html", "service-payments.html",
                     "severity-warning.html", "status-triggered.html", "postmortem-final.html", "postmortem-none.html", "month-2026-11.html"] {
            #expect(files.contains(path), "missing \(path)")
        }
        #expect(Set(report.written) == Set(files))
        #expect(SiteSafetyScan.scan(root: fixture.output, files: files).isEmpty)

        let index = fixture.page("index.html")
        let order = ["inc00003", "inc00002", "inc00001"].compactMap { index.range(of: $0)?.lowerBound }
        #expect(order.count == 3 && order == order.sorted(), "newest first")
        #expect(index.contains("<span class=\"badge pm-final\">final</span>"))
        #expect(index.contains("ongoing"))

        let incident = fixture.page("incident/inc00001.html")
        #expect(incident.contains("<h1>What happened</h1>"))
        #expect(incident.contains("<a href=\"../evidence/ev-2.html\" title=\"evidence ev-2\">ev-2</a>"))
        #expect(incident.contains("<ol class=\"timeline\">"))
        #expect(incident.contains("Rolled back the deploy"))
        #expect(incident.contains("<svg class=\"chart-svg\""))
        #expect(incident.contains("dmesg did not finish within 10 s; killed"), "the evidence summary says what failed and why")
        #expect(incident.contains("4 item(s): 3 ok, 1 timeout"))
        #expect(incident.contains("href=\"https://runbooks.example.com/high-error-rate\" rel=\"noopener noreferrer\""))

        let log = fixture.page("evidence/ev-2.html")
        #expect(log.contains("<tr id=\"L2\" class=\"lvl-error\"><td class=\"ln\"><a href=\"#L2\">2</a></td><td class=\"ts\"><time datetime=\"2026-11-18T12:06:41Z\">2026-11-18 12:06:41 UTC</time>"))
        #expect(log.contains("ERROR deadlock detected on table orders"))
        let chart = fixture.page("evidence/ev-1.html")
        #expect(chart.contains("code=&quot;501&quot;") && chart.contains("code=&quot;502&quot;"))
        #expect(chart.contains("class=\"incident-window\""))

        let shards = files.filter { $0.hasPrefix("search/") }.map { fixture.page($0) }.joined()
        #expect(shards.contains("evidence/ev-2.html#L2"))
        #expect(fixture.page("feed.xml").contains("<id>urn:aftermath:incident:inc00001</id>"))
    }

    @Test("A rebuild with nothing changed writes nothing; a changed postmortem rewrites its page and the pages listing it")
    func incremental() async throws {
        let fixture = try SiteFixture()
        let incidents = try await fixture.populateSmall()
        _ = try await fixture.builder().build()
        let second = try await fixture.builder().build()
        #expect(second.written.isEmpty)
        #expect(second.removed.isEmpty)

        // Same status, new text: only the incident page, its search shard and the feed change.
        try fixture.writePostmortem(incidents[0], body: "# What happened\n\nA longer story.\n", status: "final")
        let third = try await fixture.builder().build()
        #expect(third.postmortemsRead == 1)
        let shard = SitePaths.searchShard(SearchIndexBuilder.shard(of: "inc00001", count: 32))
        #expect(Set(third.written) == ["incident/inc00001.html", shard, "search.html", "feed.xml"])
        #expect(fixture.page("incident/inc00001.html").contains("A longer story."))

        // A new title: every page listing the incident is rendered again.
        try fixture.writePostmortem(incidents[0], body: "# What happened\n\nA longer story.\n", status: "final", title: "Checkout down")
        let fourth = try await fixture.builder().build()
        for path in ["incident/inc00001.html", "index.html", "service-checkout.html", "severity-critical.html", "status-resolved.html",
                     "postmortem-final.html", "month-2026-11.html", "feed.xml", "search.html", shard] {
            #expect(fourth.written.contains(path), "\(path) not rewritten")
        }
        // inc00002 came later on the same service: its "Seen before" shows inc00001's title.
        #expect(fourth.written.contains("incident/inc00002.html"))
        #expect(fixture.page("incident/inc00002.html").contains("Checkout down"))
        #expect(!fourth.written.contains("service-payments.html"))
        #expect(fourth.written.contains("evidence/ev-1.html"), "evidence pages show the incident title")
        #expect(fixture.page("index.html").contains("Checkout down"))
    }

    @Test("A new timeline event or alert change rewrites that incident's page and no other incident's")
    func activityChanges() async throws {
        let fixture = try SiteFixture()
        let incidents = try await fixture.populateSmall()
        _ = try await fixture.builder().build()

        // inc00002 sorts between its neighbours: a digest folded into the wrong incident shows up here.
        try await fixture.database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO timeline_event (incident_id, at, kind, source, actor, text, delivery_id, created_at)
                VALUES ('inc00002', ?, 'note', 'cli', 'ana', 'Failed over the payments queue', NULL, ?)
                """, arguments: [incidents[1].start.addingTimeInterval(300), incidents[1].start])
        }
        let afterNote = try await fixture.builder().build()
        #expect(afterNote.written.filter { $0.hasPrefix("incident/") } == ["incident/inc00002.html"])
        #expect(fixture.page("incident/inc00002.html").contains("Failed over the payments queue"))

        try await fixture.database.writer.write { db in
            try db.execute(sql: "UPDATE alert SET status = 'resolved', ends_at = ? WHERE incident_id = 'inc00003'",
                           arguments: [incidents[2].start.addingTimeInterval(600)])
        }
        let afterAlert = try await fixture.builder().build()
        #expect(afterAlert.written.filter { $0.hasPrefix("incident/") } == ["incident/inc00003.html"])
        #expect(try await fixture.builder().build().written.isEmpty)
    }

    @Test("Deleted items lose their pages; a missing page file is written again")
    func removal() async throws {
        let fixture = try SiteFixture()
        _ = try await fixture.populateSmall()
        _ = try await fixture.builder().build()
        try FileManager.default.removeItem(atPath: (fixture.output as NSString).appendingPathComponent("incident/inc00002.html"))
        try await fixture.database.writer.write { db in
            try db.execute(sql: "DELETE FROM incident WHERE id = 'inc00003'")
        }
        let report = try await fixture.builder().build()
        #expect(report.removed.contains("incident/inc00003.html"))
        #expect(report.removed.contains("status-triggered.html"))
        #expect(report.written.contains("incident/inc00002.html"))
        #expect(!FileManager.default.fileExists(atPath: (fixture.output as NSString).appendingPathComponent("incident/inc00003.html")))
        #expect(!fixture.page("index.html").contains("inc00003"))
    }

    @Test("A broken postmortem is reported and its incident shown without it; unknown ids and duplicates too")
    func brokenPostmortems() async throws {
        let fixture = try SiteFixture()
        let incidents = try await fixture.populateSmall()
        try fixture.directory.write("archive/postmortems/broken.md", "---\nid: inc00003\ntitle: [unclosed\n---\nbody\n")
        try fixture.directory.write("archive/postmortems/no-front-matter.md", "# Just text\n")
        try fixture.directory.write("archive/postmortems/orphan.md", "---\nid: nope\n---\nbody\n")
        try fixture.writePostmortem(incidents[0], body: "dup", file: "zz-duplicate.md")
        try fixture.writePostmortem(incidents[1], body: "cites [ev-77](aftermath:evidence/ev-77)", file: "2026-11-19-inc00002.md")
        let report = try await fixture.builder().build()
        let warnings = report.warnings.joined(separator: "\n")
        #expect(warnings.contains("postmortem broken.md: front matter is not valid YAML"))
        #expect(warnings.contains("postmortem no-front-matter.md: no YAML front matter"))
        #expect(warnings.contains("postmortem orphan.md: no incident 'nope' in the archive"))
        #expect(warnings.contains("postmortem zz-duplicate.md: incident inc00001 already has 2026-11-19-inc00001.md"))
        #expect(warnings.contains("cites ev-77, which is not in the archive"))
        #expect(report.summaryLine.contains("warning(s)"))
        #expect(fixture.page("incident/inc00003.html").contains("No postmortem has been written"))
    }

    @Test("Missing templates stop the build with a message naming the folder")
    func missingTemplates() async throws {
        let fixture = try SiteFixture()
        var options = fixture.options()
        options.templatesDirectory = fixture.directory.file("nowhere")
        await #expect(throws: SiteBuildError.self) { try await SiteBuilder(database: fixture.database, options: options).build() }
    }
}
