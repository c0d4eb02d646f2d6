/// The values every page template reads (`{{>header}}` and `{{>footer}}`).
enum PageContext {
    /// The base context of a page `depth` folders below the site root.
    static func base(options: SiteOptions, title: String, depth: Int, section: String, scripts: [String] = []) -> [String: Any] {
        let root = String(repeating: "../", count: depth)
        return [
            "siteTitle": options.title,
            "pageTitle": title,
            "csp": SitePolicy.contentSecurityPolicy,
            "root": root,
            "section": section,
            "nav": [
                ["label": "Incidents", "url": root + SitePaths.index, "current": section == "incidents"],
                ["label": "Services", "url": root + SitePaths.services, "current": section == "services"],
                ["label": "Insights", "url": root + SitePaths.insights, "current": section == "insights"],
                ["label": "Search", "url": root + SitePaths.search, "current": section == "search"],
                ["label": "Feed", "url": root + SitePaths.feed, "current": false],
            ] as [[String: Any]],
            "scripts": scripts.map { root + $0 },
        ]
    }

    /// Merges `extra` into `base`.
    static func merge(_ base: [String: Any], _ extra: [String: Any]) -> [String: Any] {
        base.merging(extra) { _, new in new }
    }
}
