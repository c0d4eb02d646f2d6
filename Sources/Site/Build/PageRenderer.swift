import AftermathCore
import Archive
import Foundation
import Synchronization

/// Renders and writes the pages that changed, several at once.
struct PageRenderer: Sendable {
    let model: SiteModel
    let options: SiteOptions
    let templates: SiteTemplates
    let database: AppDatabase
    let scanner: PostmortemScanner
    let writer: PageWriter
    let analysis: SiteAnalysis

    /// Renders `pages`; returns warnings found while rendering (dangling citations).
    func render(_ pages: [PlannedPage], progress: (any SiteBuildProgress)?) async throws -> (count: Int, warnings: [String]) {
        let counter = ProgressCounter(total: pages.count, progress: progress)
        // Listing rows are rendered once and shared by every listing page that shows them.
        // The alerts and timelines of the incident pages are read while the rows are rendered.
        var incidentIDs: [String] = []
        for page in pages { if case .incident(let i) = page.kind { incidentIDs.append(model.entries[i].record.id) } }
        async let activity = ArchiveSnapshot.activity(database, incidentIDs: incidentIDs)
        var rowEntries = Set<Int>()
        for page in pages { if case .listing(let listing) = page.kind { rowEntries.formUnion(listing.entries) } }
        let rows = rowHTML(for: rowEntries.sorted())
        let relatedRows = RelatedSection.rows(
            listedBy: incidentIDs.lazy.compactMap { analysis.related[$0] }, model: model, digests: analysis.digests)
        let shared = Shared(
            groups: model.filterGroups(), members: SearchIndexBuilder(model: model, options: options).members(),
            activity: try await activity, relatedRows: relatedRows)
        let workers = max(1, min(options.concurrency, pages.count))
        let renderer = self
        // Each worker takes the next page not yet taken, so one slowed down (a busy machine, a
        // large search shard) leaves the rest to the others instead of holding a fixed share.
        // Evidence pages go last: a metrics item's charts are then drawn for its incident's page and
        // taken by its own, where side by side in the plan both pages missed the cache at once.
        let isEvidence = pages.map { if case .evidence = $0.kind { true } else { false } }
        let order = pages.indices.filter { !isEvidence[$0] } + pages.indices.filter { isEvidence[$0] }
        let queue = PageQueue(count: pages.count)
        return try await withThrowingTaskGroup(of: [String].self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var warnings: [String] = []
                    while let i = queue.take() {
                        warnings += try await renderer.render(pages[order[i]], rows: rows, shared: shared)
                        counter.advance()
                    }
                    return warnings
                }
            }
            var warnings: [String] = []
            for try await list in group { warnings += list }
            return (pages.count, warnings.sorted())
        }
    }

    private func rowHTML(for entries: [Int]) -> [Int: String] {
        var rows: [Int: String] = [:]
        rows.reserveCapacity(entries.count)
        for i in entries { rows[i] = templates.render("row", ListingRenderer.rowContext(model.entries[i])) }
        return rows
    }

    /// What every page of one build shares, computed once.
    struct Shared: @unchecked Sendable {
        var groups: [(label: String, filters: [(ListingFilter, String)])]
        var members: [(entries: [Int], adHoc: [EvidenceSummary])]
        var activity: [String: IncidentActivity]
        /// "Seen before" rows of the incidents listed on the incident pages, by entry index.
        var relatedRows: [Int: [String: Any]]
        var charts = ChartCache()
    }

    /// Renders and writes one page.
    private func render(_ page: PlannedPage, rows: [Int: String], shared: Shared) async throws -> [String] {
        var warnings: [String] = []
        let text: [UInt8]
        switch page.kind {
        case .asset(let path):
            try writer.write(page.path, Array(templates.assets[path] ?? Data()))
            return []
        case .incident(let i):
            let entry = model.entries[i]
            let body = entry.postmortem.flatMap(scanner.body(of:))
            let postmortem = IncidentPage.postmortemHTML(body: body, model: model, prefix: "../")
            for id in Set(postmortem?.danglingCitations ?? []).sorted() {
                warnings.append("postmortem \(entry.postmortem?.name ?? "?"): cites \(id), which is not in the archive")
            }
            var charts: [String] = []
            for item in entry.evidence where item.kind == .metrics && item.size > 0 && charts.count < options.chartsPerIncident {
                let drawn = try await shared.charts.charts(incidentID: entry.record.id, itemID: item.id) {
                    EvidencePage.charts(item: item, content: try await database.evidenceContent(id: item.id), marks: entry.chartMarks)
                }
                for chart in drawn where charts.count < options.chartsPerIncident {
                    charts.append(FastText.replacing(chart, "<figcaption>", with: "<figcaption><a href=\"../\(SitePaths.evidence(item.id))\">\(item.id)</a> · "))
                }
            }
            let activity = shared.activity[entry.record.id]
            let page = IncidentPage(entry: entry, alerts: activity?.alerts ?? [], timeline: activity?.timeline ?? [], model: model, options: options)
            var context = page.context(postmortem: postmortem, charts: charts)
            context["seenBefore"] = RelatedSection.context(analysis.related[entry.record.id], model: model, rows: shared.relatedRows)
            context["changes"] = analysis.changes(entry, lookback: options.changeLookback).rows
            context["changeLookback"] = DurationText.format(options.changeLookback)
            if let banner = analysis.statusPageBanner(entry) { context["statusPage"] = banner.context }
            text = templates.renderBytes("incident", context)
        case .evidence(let id):
            guard let item = model.evidenceByID[id] else { return [] }
            let (content, lines) = try await database.evidenceContentAndLines(id: id)
            let entry = item.incidentID.flatMap { model.indexByID[$0] }.map { model.entries[$0] }
            let page = EvidencePage(item: item, entry: entry, options: options)
            var charts: [String]?
            if page.drawsCharts(content: content) {
                charts = await shared.charts.charts(incidentID: entry?.record.id, itemID: item.id) { page.charts(content: content) }
            }
            text = templates.renderBytes("evidence", page.context(content: content, lines: lines, charts: charts))
        case .listing(let listing):
            let bar = ListingRenderer.filterBar(shared.groups, current: listing.filter)
            let context = ListingRenderer.context(listing, rows: listing.entries.compactMap { rows[$0] }, bar: bar, options: options)
            text = templates.renderBytes("listing", context)
        case .services:
            text = templates.renderBytes("services", ListingRenderer.servicesContext(model, changesByService: analysis.changesByService, options: options).context)
        case .service(let timeline):
            text = templates.renderBytes("service", timeline.context(options: options))
        case .feed(let entries):
            var bodies: [Int: String] = [:]
            for i in entries {
                let entry = model.entries[i]
                let body = entry.postmortem.flatMap(scanner.body(of:))
                let prefix = FeedPage.url("", base: options.baseURL)
                bodies[i] = IncidentPage.postmortemHTML(body: body, model: model, prefix: prefix)?.html
            }
            text = templates.renderBytes("feed", FeedPage.context(model, entries: entries, bodies: bodies, options: options))
        case .searchShard(let n):
            let members = shared.members
            guard n < members.count else { return [] }
            text = try await SearchIndexBuilder(model: model, options: options)
                .render(entries: members[n].entries, adHoc: members[n].adHoc, database: database, scanner: scanner)
        case .insights:
            guard let report = analysis.insights else { return [] }
            text = templates.renderBytes("insights", InsightsPage(report: report, options: options).context())
        case .searchPage(let scripts):
            var context = PageContext.base(options: options, title: "Search", depth: 0, section: "search", scripts: scripts + [SitePaths.searchScript])
            context["shardCount"] = scripts.count
            text = templates.renderBytes("search", context)
        }
        if page.path.hasSuffix(".html"), FastText.firstOffset(of: Array(SitePolicy.cspMeta.utf8), in: text, from: 0) == nil {
            throw SiteBuildError.unsafePage(path: page.path, reason: "the page has no Content-Security-Policy meta element (check the header template)")
        }
        try writer.write(page.path, text)
        return warnings
    }
}

/// Hands out page indices `0..<count`, each once, to whichever rendering task asks next.
final class PageQueue: Sendable {
    private let next = Atomic<Int>(0)
    private let count: Int

    init(count: Int) { self.count = count }

    /// The next index not yet taken, or nil when all are.
    func take() -> Int? {
        let i = next.add(1, ordering: .relaxed).oldValue
        return i < count ? i : nil
    }
}

/// Counts written pages across rendering tasks and reports progress.
final class ProgressCounter: Sendable {
    private let done = Mutex(0)
    private let total: Int
    private let progress: (any SiteBuildProgress)?

    init(total: Int, progress: (any SiteBuildProgress)?) {
        self.total = total
        self.progress = progress
    }

    func advance() {
        guard let progress else { return }
        let now = done.withLock { done in
            done += 1
            return done
        }
        progress.update(done: now, total: total)
    }
}
