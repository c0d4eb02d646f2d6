import AftermathCore
import Foundation

/// Lists every page the site has and hashes each page's inputs (without rendering anything).
struct SitePlanner {
    let model: SiteModel
    let options: SiteOptions
    let templates: SiteTemplates
    let analysis: SiteAnalysis

    func plan() -> [PlannedPage] {
        var pages: [PlannedPage] = []
        var base = ContentHasher()
        base.combine(hash: templates.hash)
        base.combine(options.title)
        base.combine("site-v1")
        func hashed(_ extra: (inout ContentHasher) -> Void) -> UInt64 {
            var h = base
            extra(&h)
            return h.value
        }

        for path in templates.assets.keys.sorted() {
            pages.append(PlannedPage(path: path, hash: ContentHasher.hash(templates.assets[path] ?? Data()), kind: .asset(path)))
        }

        let listed = analysis.listedHashes(model)
        for (i, entry) in model.entries.enumerated() {
            pages.append(PlannedPage(path: SitePaths.incident(entry.record.id), hash: hashed {
                $0.combine(hash: entry.pageHash)
                $0.combine(Int64(options.chartsPerIncident))
                $0.combine(hash: analysis.relatedHash(entry, listed: listed))
                $0.combine(hash: analysis.changes(entry, lookback: options.changeLookback).hash)
                $0.combine(hash: analysis.statusPageBanner(entry)?.hash ?? 0)
            }, kind: .incident(i)))
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
        pages.append(PlannedPage(path: SitePaths.feed, hash: hashed { $0.combine(hash: FeedPage.hash(model, entries: feedEntries, options: options)) },
                                 kind: .feed(feedEntries)))

        let search = SearchIndexBuilder(model: model, options: options)
        var scripts: [String] = []
        for (n, members) in search.members().enumerated() {
            let hash = search.hash(entries: members.entries, adHoc: members.adHoc)
            scripts.append(SitePaths.searchShard(n) + "?v=" + ContentHasher.hex(hash).prefix(10))
            pages.append(PlannedPage(path: SitePaths.searchShard(n), hash: hash, kind: .searchShard(n)))
        }
        pages.append(PlannedPage(path: SitePaths.search, hash: hashed { h in scripts.forEach { h.combine($0) } }, kind: .searchPage(scripts)))
        return pages
    }
}
