import Foundation
import Archive
import Settings

/// What a build reads and writes, and how.
public struct SiteOptions: Sendable {
    /// Where the site is written.
    public var outputDirectory: String
    /// A folder whose templates and assets override the built-in ones file by file
    /// (`<templates>/site`); nil: the built-in templates only.
    public var templatesDirectory: String?
    /// `<archive>/postmortems`.
    public var postmortemsDirectory: String
    /// Shown in every page header and the feed.
    public var title: String
    /// Absolute URL the site is published at, for the feed's links (optional).
    public var baseURL: String?
    /// Incidents per listing page.
    public var pageSize = 200
    /// Entries in the Atom feed.
    public var feedEntries = 30
    /// Files the search index is split into (an incident always lands in the same one; more files
    /// make a one-incident rebuild cheaper: at 10,000 incidents a shard is ~0.5 MB).
    public var searchShards = 64
    /// Lines of one evidence item that go into the search index.
    public var searchLinesPerItem = 2000
    /// Metric charts drawn on an incident page (every chart is on its evidence page).
    public var chartsPerIncident = 6
    /// Render with swift-mustache instead of the compiled renderer (tests compare both; the site
    /// benchmark times both, hence the SPI).
    @_spi(Benchmark) public var referenceRenderer = false
    /// How long before an incident's first symptom changes to its services are listed on its page
    /// (`capture.lookback`).
    public var changeLookback: TimeInterval = 1800
    /// When a resolved incident whose status page is still open gets its banner (`statuspage.reminder_after`).
    public var statusPage = StatusPageTiming(after: 900, every: 3600)
    /// Pages rendered at once.
    public var concurrency = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Options with explicit directories.
    public init(outputDirectory: String, templatesDirectory: String?, postmortemsDirectory: String, title: String = "Aftermath", baseURL: String? = nil) {
        self.outputDirectory = outputDirectory
        self.templatesDirectory = templatesDirectory
        self.postmortemsDirectory = postmortemsDirectory
        self.title = title
        self.baseURL = baseURL
    }

    /// Options from the configuration: `site`, `templates` (its `site/` folder overrides the built-in
    /// templates when it exists; a `templates` folder that does not exist stops the build),
    /// `<archive>/postmortems` and `site_options`; `outputDirectory` overrides `site`.
    public init(config: AftermathConfig, outputDirectory: String? = nil) {
        self.init(
            outputDirectory: outputDirectory ?? config.siteDirectory,
            templatesDirectory: config.templatesDirectory.flatMap(Self.siteOverrides),
            postmortemsDirectory: config.postmortemsDirectory,
            title: config.siteOptions.title, baseURL: config.siteOptions.baseURL)
        changeLookback = config.capture.lookback
        statusPage = StatusPageTiming(after: config.statuspage.reminderAfter, every: config.statuspage.reminderEvery)
    }

    /// `<templates>/site`, or nil when `templates` exists without a `site` folder (only the
    /// postmortem template is overridden there).
    static func siteOverrides(_ templates: String) -> String? {
        let site = (templates as NSString).appendingPathComponent("site")
        let fm = FileManager.default
        return fm.fileExists(atPath: templates) && !fm.fileExists(atPath: site) ? nil : site
    }
}
