import AftermathCore
import Foundation

/// Lists every page the site has and hashes each page's inputs (without rendering anything).
struct SitePlanner {
    let model: SiteModel
    let options: SiteOptions
    let templates: SiteTemplates
    let analysis: SiteAnalysis

    /// What every page hash starts from.
    static func base(_ options: SiteOptions, _ templates: SiteTemplates) -> ContentHasher {
        var base = ContentHasher()
        base.combine(hash: templates.hash)
        base.combine(options.title)
        base.combine("site-v1")
        return base
    }

    /// Everything besides the archive and the postmortems that a page can depend on: a kept plan
    /// made with another value is not used.
    static func configHash(_ options: SiteOptions, _ templates: SiteTemplates) -> UInt64 {
        var h = base(options, templates)
        h.combine("kept-plan-v1")
        h.combine(options.baseURL)
        h.combine(options.postmortemsDirectory)
        for value in [options.pageSize, options.feedEntries, options.searchShards, options.searchLinesPerItem, options.chartsPerIncident,
                      options.referenceRenderer ? 1 : 0] {
            h.combine(Int64(value))
        }
        h.combine(Date(timeIntervalSince1970: options.changeLookback))
        h.combine(Date(timeIntervalSince1970: options.statusPage.after))
        h.combine(Date(timeIntervalSince1970: options.statusPage.every))
        return h.value
    }

    /// The search page's hash from the shard scripts it loads.
    static func searchPageHash(_ scripts: [String], base: ContentHasher) -> UInt64 {
        var h = base
        scripts.forEach { h.combine($0) }
        return h.value
    }

    /// Every page, and the plan kept for rebuilds (its key is the builder's to fill in).
    func plan() -> (pages: [PlannedPage], kept: KeptPlan) {
        var pages: [PlannedPage] = []
        let base = Self.base(options, templates)
        func hashed(_ extra: (inout ContentHasher) -> Void) -> UInt64 {
            var h = base
            extra(&h)
            return h.value
        }
        var kept = KeptPlan(key: .init(counter: .init(version: 0, token: 0), config: 0, builtAt: .distantPast), incidents: [], adHoc: [], feed: [],
                            warnings: model.warnings)
        kept.incidents.reserveCapacity(model.entries.count)

        for path in templates.assets.keys.sorted() {
            pages.append(PlannedPage(path: path, hash: ContentHasher.hash(templates.assets[path] ?? Data()), kind: .asset(path)))
        }

        let listed = analysis.listedHashes(model)
        for (i, entry) in model.entries.enumerated() {
            let archivePart = hashed {
                $0.combine(hash: entry.archiveHash)
                $0.combine(Int64(options.chartsPerIncident))
                $0.combine(hash: analysis.relatedHash(entry, listed: listed))
                $0.combine(hash: analysis.changes(entry, lookback: options.changeLookback).hash)
                $0.combine(hash: analysis.statusPageBanner(entry)?.hash ?? 0)
            }
            pages.append(PlannedPage(path: SitePaths.incident(entry.record.id), hash: IncidentEntry.withPostmortem(archivePart, entry.postmortem),
                                     kind: .incident(i)))
            kept.incidents.append(KeptPlan.Incident(
                id: entry.record.id, page: archivePart, search: entry.searchArchiveHash, row: entry.rowHash, updatedAt: entry.record.updatedAt,
                postmortem: entry.postmortem?.name, digest: KeptPlan.digestHash(analysis.digests[entry.record.id])))
            for item in entry.evidence {
                pages.append(PlannedPage(path: SitePaths.evidence(item.id), hash: hashed {
                    $0.combine(item)
                    $0.combine(hash: entry.evidenceContextHash)
                }, kind: .evidence(item.id)))
            }
        }
        for item in model.adHocEvidence {
            pages.append(PlannedPage(path: SitePaths.evidence(item.id), hash: hashed { $0.combine(item) }, kind: .evidence(item.id)))
        }

        let groups = model.filterGroups()
        let barHash = ListingRenderer.filterBarHash(groups)
        var filters: [ListingFilter] = [.all]
        for group in groups { filters += group.filters.map(\.0) }
        for filter in filters {
            let selected = model.select(filter)
            for page in ListingPage.paginate(filter: filter, heading: ListingPage.heading(filter), entries: selected, pageSize: options.pageSize) {
                pages.append(PlannedPage(path: page.path, hash: hashed {
                    $0.combine(hash: barHash)
                    $0.combine(page.heading)
                    $0.combine(Int64(page.page))
                    $0.combine(Int64(page.pageCount))
                    $0.combine(Int64(page.totalCount))
                    for i in page.entries { $0.combine(hash: model.entries[i].rowHash) }
                }, kind: .listing(page)))
            }
        }
        pages.append(PlannedPage(path: SitePaths.insights, hash: hashed { $0.combine(hash: analysis.insightsHash) }, kind: .insights))
        let services = ListingRenderer.servicesContext(model, changesByService: analysis.changesByService, options: options)
        pages.append(PlannedPage(path: SitePaths.services, hash: hashed { $0.combine(hash: services.hash) }, kind: .services))
        for page in ServiceTimelinePage.all(model: model, changesByService: analysis.changesByService) {
            pages.append(PlannedPage(path: SitePaths.serviceTimeline(page.service), hash: hashed { $0.combine(hash: page.hash) }, kind: .service(page)))
        }

        let feedEntries = FeedPage.entries(model, limit: options.feedEntries)
        kept.feed = feedEntries.map { model.entries[$0].record.id }
        pages.append(PlannedPage(path: SitePaths.feed, hash: hashed { $0.combine(hash: FeedPage.hash(model, entries: feedEntries, options: options)) },
                                 kind: .feed(feedEntries)))

        let search = SearchIndexBuilder(model: model, options: options)
        var shardHashes: [UInt64] = []
        for (n, members) in search.members().enumerated() {
            let hash = search.hash(entries: members.entries, adHoc: members.adHoc)
            shardHashes.append(hash)
            kept.adHoc.append(SearchIndexBuilder.adHocHash(members.adHoc))
            pages.append(PlannedPage(path: SitePaths.searchShard(n), hash: hash, kind: .searchShard(n)))
        }
        let scripts = SearchIndexBuilder.scripts(shardHashes: shardHashes)
        pages.append(PlannedPage(path: SitePaths.search, hash: Self.searchPageHash(scripts, base: base), kind: .searchPage(scripts)))
        return (pages, kept)
    }
}
