/// Where every page lives inside the site; all links between pages are relative, so the site works
/// from `file://`, under any URL prefix and on any static host.
///
/// Listing pages sit at the top level (one rendering of each incident row serves them all);
/// incident and evidence pages sit one level down.
public enum SitePaths {
    /// The first page of the incident index.
    public static let index = "index.html"
    /// Every service with its incident count.
    public static let services = "services.html"
    /// The search page.
    public static let search = "search.html"
    /// Insights: how the team is doing, month by month.
    public static let insights = "insights.html"
    /// The Atom feed of postmortems.
    public static let feed = "feed.xml"
    /// The stylesheet.
    public static let stylesheet = "assets/site.css"
    /// The search script.
    public static let searchScript = "assets/search.js"
    /// The log viewer's filter script (evidence pages with numbered lines).
    public static let logViewerScript = "assets/logview.js"
    /// The incremental-build manifest (hashes of every page's inputs).
    public static let manifest = ".aftermath-site-manifest"
    /// What the last full build planned from the archive, for rebuilds after postmortem edits alone.
    public static let keptPlan = ".aftermath-site-plan"

    /// `incident/<id>.html`.
    public static func incident(_ id: String) -> String { "incident/\(Slug.make(id)).html" }

    /// The incident page's address on the published site (`site_options.base_url`), nil without one
    /// (links in outgoing notifications).
    public static func publishedIncident(_ id: String, base: String?) -> String? {
        guard let base = base.flatMap(LinkPolicy.externalURL) else { return nil }
        return FeedPage.url(incident(id), base: base)
    }

    /// `evidence/<id>.html`.
    public static func evidence(_ id: String) -> String { "evidence/\(Slug.make(id)).html" }

    /// Page `page` (1-based) of a listing whose first page is `<base>.html`.
    public static func listing(_ base: String, page: Int) -> String {
        page <= 1 ? "\(base).html" : "\(base)-\(page).html"
    }

    /// The base name of one filter's listing (`service-checkout`, `severity-critical` …).
    public static func filterBase(_ filter: ListingFilter) -> String {
        switch filter {
        case .all: "index"
        case .service(let name): "service-" + Slug.make(name)
        case .severity(let severity): "severity-" + Slug.make(severity)
        case .status(let status): "status-" + Slug.make(status)
        case .postmortem(let status): "postmortem-" + Slug.make(status)
        case .month(let month): "month-" + Slug.make(month)
        }
    }

    /// `timeline-<service>.html`: one service's changes and incidents on one time line.
    public static func serviceTimeline(_ service: String) -> String { "timeline-\(Slug.make(service)).html" }

    /// `search/shard-07.js`.
    public static func searchShard(_ n: Int) -> String {
        n < 10 ? "search/shard-0\(n).js" : "search/shard-\(n).js"
    }
}

/// One way of narrowing the incident list: each value gets its own pre-rendered pages, so filters
/// work without a server and without JavaScript.
public enum ListingFilter: Sendable, Hashable {
    case all
    case service(String)
    case severity(String)
    case status(String)
    /// `draft`, `in-review`, `final` or `none`.
    case postmortem(String)
    /// `2026-11` (UTC, by start time).
    case month(String)
}
