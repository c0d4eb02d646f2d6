import AftermathCore
import Archive
import Foundation

/// One service's page: its changes and its incidents on one time line, newest first, so a deploy
/// and the incident that followed it read side by side.
struct ServiceTimelinePage: Sendable {
    let service: String
    /// Indexes into `model.entries` of the incidents touching the service.
    let entries: [Int]
    /// Its changes, oldest first.
    let changes: [ChangeRecord]
    let model: SiteModel

    /// Every service with an incident or a change, and its page.
    static func all(model: SiteModel, changesByService: [String: [ChangeRecord]]) -> [ServiceTimelinePage] {
        var entries: [String: [Int]] = [:]
        for (i, entry) in model.entries.enumerated() {
            for service in entry.services { entries[service, default: []].append(i) }
        }
        let names = Set(entries.keys).union(changesByService.keys.filter { !$0.isEmpty })
        return names.sorted().map { name in
            ServiceTimelinePage(service: name, entries: entries[name] ?? [], changes: changesByService[name] ?? [], model: model)
        }
    }

    /// Hash of what the page shows.
    var hash: UInt64 {
        var h = ContentHasher()
        h.combine(service)
        for i in entries { h.combine(hash: model.entries[i].rowHash) }
        for change in changes { h.combine(change) }
        return h.value
    }

    /// The template context; texts are made visible here and escaped by the template.
    func context(options: SiteOptions) -> [String: Any] {
        var rows: [(at: Date, order: Int, row: [String: Any])] = []
        for change in changes {
            var row: [String: Any] = [
                "time": Display.timeContext(change.at), "change": true, "kind": change.kind.rawValue,
                "headline": HTML.visible(change.event.headline), "source": HTML.visible(change.source),
            ]
            if let link = change.link.flatMap(LinkPolicy.externalURL) { row["link"] = link }
            rows.append((change.at, rows.count, row))
        }
        for i in entries {
            let entry = model.entries[i]
            rows.append((entry.record.startedAt, rows.count, [
                "time": Display.timeContext(entry.record.startedAt), "incident": true,
                "url": SitePaths.incident(entry.record.id), "title": HTML.visible(entry.title),
                "severity": entry.record.severity.rawValue, "status": entry.record.status.rawValue, "duration": entry.durationText,
            ]))
        }
        // Newest first; at the same moment an incident comes before the change it may follow.
        let ordered = rows.sorted { a, b in a.at == b.at ? a.order > b.order : a.at > b.at }
        var context = PageContext.base(options: options, title: HTML.visible(service), depth: 0, section: "services")
        context["service"] = HTML.visible(service)
        context["incidentsURL"] = SitePaths.listing(SitePaths.filterBase(.service(service)), page: 1)
        context["incidentCount"] = entries.count
        context["changeCount"] = changes.count
        context["rows"] = ordered.map(\.row)
        return context
    }
}
