import AftermathCore
import Archive
import Foundation

/// One page of incidents: the index or one filter's pages.
struct ListingPage: Sendable {
    var filter: ListingFilter
    var heading: String
    var entries: [Int]
    var page: Int
    var pageCount: Int
    var totalCount: Int

    var path: String { SitePaths.listing(SitePaths.filterBase(filter), page: page) }

    /// The pages of one filter (one empty page when nothing matches, for the index).
    static func paginate(filter: ListingFilter, heading: String, entries: [Int], pageSize: Int) -> [ListingPage] {
        let size = max(1, pageSize)
        let count = max(1, (entries.count + size - 1) / size)
        return (0..<count).map { i in
            ListingPage(
                filter: filter, heading: heading, entries: Array(entries[min(entries.count, i * size)..<min(entries.count, (i + 1) * size)]),
                page: i + 1, pageCount: count, totalCount: entries.count)
        }
    }

    /// The heading of a filter's pages.
    static func heading(_ filter: ListingFilter) -> String {
        switch filter {
        case .all: "Incidents"
        case .service(let name): "Service: \(name)"
        case .severity(let s): "Severity: \(s)"
        case .status(let s): "Status: \(s)"
        case .postmortem(let s): s == "none" ? "Incidents without a postmortem" : "Postmortems: \(s == "in-review" ? "in review" : s)"
        case .month(let m): "Incidents started in \(m)"
        }
    }
}

/// Listing pages, their rows and the filter bar.
enum ListingRenderer {
    /// The row template's context for one incident (links relative to the site root).
    static func rowContext(_ entry: IncidentEntry) -> [String: Any] {
        [
            "id": entry.record.id,
            "url": SitePaths.incident(entry.record.id),
            "title": HTML.visible(entry.title),
            "severity": entry.record.severity.rawValue,
            "status": entry.record.status.rawValue,
            "services": entry.services.map { ["name": HTML.visible($0), "url": SitePaths.listing(SitePaths.filterBase(.service($0)), page: 1)] },
            "started": Display.time(entry.record.startedAt),
            "startedISO": Display.iso(entry.record.startedAt),
            "duration": entry.durationText,
            "pmKey": entry.postmortemKey,
            "pmLabel": entry.postmortemLabel,
        ]
    }

    /// The filter bar, with the current filter marked.
    static func filterBar(_ groups: [(label: String, filters: [(ListingFilter, String)])], current: ListingFilter) -> [[String: Any]] {
        groups.filter { !$0.filters.isEmpty }.map { group in
            [
                "label": group.label,
                "open": group.filters.contains { $0.0 == current },
                "items": group.filters.map { filter, label -> [String: Any] in
                    ["label": HTML.visible(label), "url": SitePaths.listing(SitePaths.filterBase(filter), page: 1),
                     "current": filter == current, "key": Slug.make(label)]
                },
            ]
        }
    }

    /// Hash of the filter bar's contents (every listing page shows it).
    static func filterBarHash(_ groups: [(label: String, filters: [(ListingFilter, String)])]) -> UInt64 {
        var h = ContentHasher()
        for group in groups {
            h.combine(group.label)
            for (filter, label) in group.filters {
                h.combine(SitePaths.filterBase(filter))
                h.combine(label)
            }
        }
        return h.value
    }

    /// The page's context; `rows` are the rendered rows of its entries.
    static func context(_ page: ListingPage, rows: [String], bar: [[String: Any]], options: SiteOptions) -> [String: Any] {
        let base = SitePaths.filterBase(page.filter)
        var context = PageContext.base(
            options: options, title: page.page > 1 ? "\(page.heading) (page \(page.page))" : page.heading, depth: 0, section: "incidents")
        context["heading"] = HTML.visible(page.heading)
        context["rows"] = rows
        context["empty"] = rows.isEmpty
        context["count"] = page.totalCount
        context["filters"] = bar
        context["isFiltered"] = page.filter != .all
        if page.pageCount > 1 {
            var pagination: [String: Any] = ["page": page.page, "pageCount": page.pageCount]
            if page.page > 1 { pagination["prev"] = SitePaths.listing(base, page: page.page - 1) }
            if page.page < page.pageCount { pagination["next"] = SitePaths.listing(base, page: page.page + 1) }
            context["pagination"] = pagination
        }
        return context
    }

    /// The services page: every service with its incidents by severity and status.
    static func servicesContext(
        _ model: SiteModel, changesByService: [String: [ChangeRecord]] = [:], options: SiteOptions
    ) -> (context: [String: Any], hash: UInt64) {
        var stats: [String: (count: Int, open: Int, critical: Int, last: Date, total: TimeInterval, resolved: Int)] = [:]
        for entry in model.entries {
            for service in entry.services {
                var s = stats[service] ?? (0, 0, 0, .distantPast, 0, 0)
                s.count += 1
                if entry.record.status.isOpen { s.open += 1 }
                if entry.record.severity == .critical { s.critical += 1 }
                s.last = max(s.last, entry.record.startedAt)
                if let resolved = entry.record.resolvedAt {
                    s.total += resolved.timeIntervalSince(entry.record.startedAt)
                    s.resolved += 1
                }
                stats[service] = s
            }
        }
        var h = ContentHasher()
        let names = Set(stats.keys).union(changesByService.keys.filter { !$0.isEmpty })
        let rows: [[String: Any]] = names.sorted().map { name in
            let s = stats[name] ?? (0, 0, 0, .distantPast, 0, 0)
            let changes = changesByService[name]?.count ?? 0
            let mttr = s.resolved > 0 ? Display.duration(s.total / Double(s.resolved)) : "–"
            h.combine(name)
            h.combine(Int64(s.count))
            h.combine(Int64(s.open))
            h.combine(Int64(s.critical))
            h.combine(s.last)
            h.combine(mttr)
            h.combine(Int64(changes))
            return [
                "timelineURL": SitePaths.serviceTimeline(name), "changes": changes,
                "name": HTML.visible(name), "url": SitePaths.listing(SitePaths.filterBase(.service(name)), page: 1),
                "count": s.count, "open": s.open, "critical": s.critical, "mttr": mttr,
                "last": s.count > 0 ? Display.timeContext(s.last) : false,
            ]
        }
        var context = PageContext.base(options: options, title: "Services", depth: 0, section: "services")
        context["services"] = rows
        context["empty"] = rows.isEmpty
        return (context, h.value)
    }
}
