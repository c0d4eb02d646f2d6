import AftermathCore
import Foundation

/// The Atom feed of postmortems: the latest incidents that have one, newest first.
enum FeedPage {
    /// Entries of the feed (entry indices), newest first.
    static func entries(_ model: SiteModel, limit: Int) -> [Int] {
        Array(model.entries.indices.filter { model.entries[$0].postmortem != nil }.prefix(limit))
    }

    /// `base` + `path` when a valid http(s) base URL is configured, else `path` (relative to the feed).
    static func url(_ path: String, base: String?) -> String {
        guard let base = base.flatMap(LinkPolicy.externalURL) else { return path }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }

    /// When an entry last changed: the later of the incident's update and the postmortem file's.
    static func updated(_ entry: IncidentEntry) -> Date {
        updated(record: entry.record.updatedAt, postmortem: entry.postmortem)
    }

    static func updated(record: Date, postmortem: PostmortemFile?) -> Date {
        max(record, Date(timeIntervalSince1970: Double(postmortem?.modified ?? 0) / 1e9))
    }

    /// Hash of the feed's inputs.
    static func hash(_ model: SiteModel, entries: [Int], options: SiteOptions) -> UInt64 {
        hash(entries.map { i in
            let entry = model.entries[i]
            return (entry.rowHash, entry.postmortem?.hash ?? 0, updated(entry))
        }, options: options)
    }

    /// The same from each entry's row hash, postmortem file hash and `updated` time.
    static func hash(_ entries: [(row: UInt64, postmortem: UInt64, updated: Date)], options: SiteOptions) -> UInt64 {
        var h = ContentHasher()
        h.combine(options.baseURL)
        h.combine(options.title)
        for entry in entries {
            h.combine(hash: entry.row)
            h.combine(hash: entry.postmortem)
            h.combine(entry.updated)
        }
        return h.value
    }

    /// The template context; `bodies` are the rendered postmortems by entry index.
    static func context(_ model: SiteModel, entries: [Int], bodies: [Int: String], options: SiteOptions) -> [String: Any] {
        let base = options.baseURL
        let feedUpdated = entries.map { updated(model.entries[$0]) }.max() ?? Date(timeIntervalSince1970: 0)
        let feedID = LinkPolicy.externalURL(base ?? "") != nil ? url(SitePaths.feed, base: base) : "urn:aftermath:feed:" + Slug.make(options.title)
        var context: [String: Any] = [
            "siteTitle": HTML.visible(options.title), "feedID": feedID, "updated": Display.iso(feedUpdated),
            "homeURL": url(SitePaths.index, base: base),
        ]
        if LinkPolicy.externalURL(base ?? "") != nil { context["selfURL"] = url(SitePaths.feed, base: base) }
        context["entries"] = entries.map { i -> [String: Any] in
            let entry = model.entries[i]
            let path = SitePaths.incident(entry.record.id)
            let id = LinkPolicy.externalURL(base ?? "") != nil ? url(path, base: base) : "urn:aftermath:incident:" + entry.record.id
            return [
                "title": HTML.visible(entry.title), "id": id, "url": url(path, base: base),
                "updated": Display.iso(updated(entry)), "published": Display.iso(entry.record.startedAt),
                "severity": entry.record.severity.rawValue, "status": entry.postmortemLabel,
                "summary": "\(entry.record.severity.rawValue) · \(entry.services.joined(separator: ", ")) · \(entry.durationText) · postmortem \(entry.postmortemLabel)",
                "content": HTML.visible(bodies[i] ?? ""),
            ]
        }
        return context
    }
}
