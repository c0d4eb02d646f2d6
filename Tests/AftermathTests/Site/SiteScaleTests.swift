import Foundation
import GRDB
import Testing
@testable import Site

/// The incremental promise at the size the issue names: 10,000 incidents, one postmortem edited,
/// and only that incident's page and the pages listing it are rewritten (timing is the benchmark's job).
@Suite("Site incremental rebuild at 10,000 incidents")
struct SiteScaleTests {
    @Test("Changing one postmortem among 10,000 rewrites only its page and the pages that list it")
    func tenThousand() async throws {
        let fixture = try SiteFixture("site-10k")
        let count = 10_000
        let services = ["checkout", "payments", "auth", "search", "ingest"]
        let severities = ["critical", "high", "warning", "info"]
        var incidents: [SiteFixture.Incident] = []
        for n in 1...count {
            var incident = fixture.incident(n, start: fixture.t0.addingTimeInterval(Double(n) * 600))
            incident.services = [services[n % services.count]]
            incident.severity = severities[n % severities.count]
            incident.title = "Incident \(n)"
            incidents.append(incident)
        }
        try await fixture.insert(incidents)
        for incident in incidents {
            try fixture.writePostmortem(incident, body: "# Incident \(incident.id)\n\nShort postmortem body, with **emphasis**.\n")
        }
        var options = fixture.options()
        options.pageSize = 200
        let builder = SiteBuilder(database: fixture.database, options: options)
        let first = try await builder.build()
        #expect(first.incidents == count)
        let pages = first.written.count
        #expect(pages > count)

        let target = incidents[4321]
        try fixture.writePostmortem(target, body: "# Incident \(target.id)\n\nEdited: the root cause was a deadlock.\n", title: "Incident 4322, edited")
        let second = try await builder.build()
        #expect(second.postmortemsRead == 1)
        #expect(second.unchanged + second.written.count == pages)
        #expect(second.removed.isEmpty)

        // The incident's own page, and every listing that shows it (its position: newest first).
        let position = count - 1 - 4321
        let page = position / 200 + 1
        let service = services[4322 % services.count], severity = severities[4322 % severities.count]
        let shard = SitePaths.searchShard(SearchIndexBuilder.shard(of: target.id, count: options.searchShards))
        let written = Set(second.written)
        #expect(written.contains("incident/\(target.id).html"))
        #expect(written.contains(SitePaths.listing("index", page: page)))
        #expect(written.contains { $0.hasPrefix("service-\(service)") })
        #expect(written.contains { $0.hasPrefix("severity-\(severity)") })
        #expect(written.contains { $0.hasPrefix("status-resolved") })
        #expect(written.contains { $0.hasPrefix("postmortem-draft") })
        #expect(written.contains { $0.hasPrefix("month-") })
        #expect(written.contains(shard))
        #expect(written.contains("search.html"))
        // … and nothing else: other incident pages only where "Seen before" shows its new title,
        // one page per listing it appears in.
        let incidentPages = written.filter { $0.hasPrefix("incident/") }
        #expect(incidentPages.contains("incident/\(target.id).html"))
        for other in incidentPages where other != "incident/\(target.id).html" {
            let seen = fixture.page(other).components(separatedBy: "id=\"seen-before\"").last ?? ""
            #expect(seen.contains("../incident/\(target.id).html") && seen.contains("Incident 4322, edited"), "\(other) rewritten without quoting it")
        }
        #expect(written.count - incidentPages.count <= 9, "\(written.sorted())")
        #expect(fixture.page("incident/\(target.id).html").contains("the root cause was a deadlock"))
    }
}
