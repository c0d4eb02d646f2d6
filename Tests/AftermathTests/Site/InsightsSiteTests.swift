import AftermathCore
import Archive
import Foundation
import Testing
@testable import Site

/// "Seen before" on incident pages and the insights page, built from a fixture archive.
@Suite("Site: seen before and insights")
struct InsightsSiteTests {
    /// Three HighErrorRate incidents on checkout (the fixture's), a postmortem for the first.
    static func world(_ label: String) async throws -> SiteFixture {
        let fixture = try SiteFixture(label)
        try await fixture.populateSmall()
        try fixture.writePostmortem(fixture.incident(1), body: """
            # HighErrorRate on checkout #1

            ## Summary

            <!-- prompt: What happened -->

            The payment gateway pool ran dry after a config push.

            ## Action items

            - [ ] Alert on gateway pool saturation
            - [x] Roll back the config push
            """, status: "final")
        return fixture
    }

    @Test("An incident page lists the earlier incidents with the same alert and service, newest first, with the match, summary and open actions")
    func seenBefore() async throws {
        let fixture = try await Self.world("site-seen-before")
        _ = try await fixture.builder().build()
        let third = fixture.page("incident/inc00003.html")
        #expect(third.contains("id=\"seen-before\""))
        let second = try #require(third.range(of: "incident/inc00002.html"))
        let first = try #require(third.range(of: "incident/inc00001.html"))
        #expect(second.lowerBound < first.lowerBound, "newest first")
        #expect(third.contains("Matched: same alertname and service (HighErrorRate, checkout)"))
        #expect(third.contains("The payment gateway pool ran dry after a config push."))
        #expect(third.contains("<li>Alert on gateway pool saturation</li>"))
        #expect(!third.contains("Roll back the config push"), "done items are not open")
        #expect(third.contains("postmortem: final"))
        #expect(fixture.page("incident/inc00001.html").contains("No earlier incident shares"))
        let record = try #require(try await fixture.database.postmortemDigests()["inc00001"])
        #expect(record.actionsOpen == 1 && record.actionsDone == 1)
    }

    @Test("An incident listed on several pages shows on each why it matched that page, with the same row otherwise")
    func seenBeforeSharedRows() async throws {
        let fixture = try SiteFixture("site-seen-before-shared")
        var incidents = (1...3).map { fixture.incident($0) }
        incidents[1].alertName = "DiskFull"
        try await fixture.insert(incidents)
        _ = try await fixture.builder().build()
        /// The "Seen before" entry of inc00001 on `page`.
        func entryOfFirst(_ page: String) throws -> Substring {
            let html = fixture.page(page)
            let section = try #require(html.range(of: "id=\"seen-before\""))
            let link = try #require(html.range(of: "incident/inc00001.html", range: section.upperBound..<html.endIndex))
            let open = try #require(html.range(of: "<li class=\"related-entry\">", options: .backwards, range: section.upperBound..<link.lowerBound))
            let end = try #require(html.range(of: "</li>", range: link.upperBound..<html.endIndex))
            return html[open.lowerBound..<end.upperBound]
        }
        let onSecond = try entryOfFirst("incident/inc00002.html")
        let onThird = try entryOfFirst("incident/inc00003.html")
        #expect(onSecond.contains("Matched: same service (checkout)</p>"), "\(onSecond)")
        #expect(onThird.contains("Matched: same alertname and service (HighErrorRate, checkout)</p>"), "\(onThird)")
        #expect(onSecond.replacingOccurrences(of: "same service (checkout)", with: "")
            == onThird.replacingOccurrences(of: "same alertname and service (HighErrorRate, checkout)", with: ""), "all but the match is the same row")
    }

    @Test("The insights page shows the report's numbers, each with its JSON path, a heatmap and no script")
    func insightsPage() async throws {
        let fixture = try await Self.world("site-insights")
        let clock = ManualClock(fixture.t0 + 86_400 * 30)
        _ = try await SiteBuilder(database: fixture.database, options: fixture.options(), clock: clock).build()
        let page = fixture.page("insights.html")
        let report = try await fixture.database.insights(InsightsQuery(now: clock.now()))
        let (problems, compared) = try PageNumbers.mismatches(page: page, json: try JSONEncoder().encode(report))
        #expect(problems.isEmpty, "\(problems)")
        #expect(compared > 168, "every heatmap cell and the figures are on the page (\(compared))")
        #expect(page.contains("data-key=\"overall.time_to_acknowledge.median_seconds\""))
        #expect(page.contains("<td class=\"alert-name\">HighErrorRate</td>"))
        #expect(PageNumbers.extract(page).first { $0.key == "recurring_alerts[0].incidents" }?.value == "3")
        #expect(page.components(separatedBy: "<rect class=\"hm ").count - 1 == 168)
        #expect(!page.contains("<script"))
        #expect(page.contains("href=\"insights.html\" aria-current=\"page\""))
        #expect(PageNumbers.extract(page).first { $0.key == "action_items.done" }?.value == "1")
    }

    @Test("Rebuilds: nothing changes, nothing is written; a summary edit rewrites the pages quoting it; an action done rewrites insights")
    func incremental() async throws {
        let fixture = try await Self.world("site-insights-incremental")
        let builder = fixture.builder()
        _ = try await builder.build()
        #expect(try await builder.build().written.isEmpty)

        let path = (fixture.postmortems as NSString).appendingPathComponent("2026-11-19-inc00001.md")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "ran dry after a config push.", with: "ran dry after config push 41.")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let edited = try await builder.build()
        #expect(edited.written.contains("incident/inc00002.html"))
        #expect(edited.written.contains("incident/inc00003.html"))
        #expect(!edited.written.contains(SitePaths.insights), "no insight changed")
        #expect(fixture.page("incident/inc00003.html").contains("ran dry after config push 41."))

        try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "- [ ] Alert on", with: "- [x] Alert on")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let done = try await builder.build()
        #expect(done.written.contains(SitePaths.insights))
        #expect(PageNumbers.extract(fixture.page("insights.html")).first { $0.key == "action_items.done" }?.value == "2")
        #expect(!fixture.page("incident/inc00003.html").contains("Alert on gateway pool saturation"))
    }

    @Test("Heatmap shades and month ticks")
    func chartParts() {
        #expect(HeatmapChart.level(0, maximum: 9) == 0)
        #expect(HeatmapChart.level(1, maximum: 9) == 1)
        #expect(HeatmapChart.level(5, maximum: 9) == 3)
        #expect(HeatmapChart.level(9, maximum: 9) == 4)
        let jan = Double(Timestamp.daysFromCivil(year: 2026, month: 1, day: 15) * 86_400)
        let jul = Double(Timestamp.daysFromCivil(year: 2026, month: 7, day: 1) * 86_400)
        #expect(ChartAxis.timeTicks(start: jan, end: jul).map(\.label) == ["2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07"])
        let twoYears = Double(Timestamp.daysFromCivil(year: 2028, month: 1, day: 1) * 86_400)
        #expect(ChartAxis.timeTicks(start: jan, end: twoYears).map(\.label) == ["2026-02", "2026-08", "2027-02", "2027-08"])
    }
}
