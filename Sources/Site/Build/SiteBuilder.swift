// Site owns the static HTML site: planning, templates, libcmark rendering, charts and the search
// index. It reads the archive (and postmortem files) and never writes to the archive; it must not
// depend on Capture (collectors).

import AftermathCore
import Archive
import Foundation
import Settings

/// Builds the static site from the archive and the postmortem files, incrementally: each page's
/// inputs are hashed, and only pages whose hash changed (or whose file is missing) are rendered;
/// pages of deleted items are removed. The hashes live in `.aftermath-site-manifest` in the output.
public struct SiteBuilder: Sendable {
    /// The archive read from.
    public let database: AppDatabase
    /// Directories and limits.
    public let options: SiteOptions
    /// The source of now (which postmortems are overdue on the insights page).
    public let clock: any WallClock

    /// A builder over `database` with explicit options.
    public init(database: AppDatabase, options: SiteOptions, clock: any WallClock = SystemClock()) {
        self.database = database
        self.options = options
        self.clock = clock
    }

    /// A builder with the configuration's directories; `outputDirectory` overrides `site`.
    public init(config: AftermathConfig, database: AppDatabase, outputDirectory: String? = nil, clock: any WallClock = SystemClock()) {
        self.init(database: database, options: SiteOptions(config: config, outputDirectory: outputDirectory), clock: clock)
    }

    /// Builds (or brings up to date) the site.
    public func build(progress: (any SiteBuildProgress)? = nil) async throws -> SiteBuildReport {
        let started = ContinuousClock.now
        var phases: [(name: String, seconds: Double)] = []
        var mark = started
        func phase(_ name: String) {
            let now = ContinuousClock.now
            phases.append((name, Self.seconds(now - mark)))
            mark = now
        }
        defer { progress?.finish() }
        var templates: SiteTemplates
        do {
            templates = try SiteTemplates.load(overrides: options.templatesDirectory)
            templates.useReference = options.referenceRenderer
        } catch {
            throw SiteBuildError.templates(error.description)
        }
        let writer = PageWriter(root: options.outputDirectory)
        do {
            try writer.prepare(directories: ["assets", "incident", "evidence", "search"])
        } catch {
            throw SiteBuildError.output("cannot create \(options.outputDirectory): \(error.localizedDescription)")
        }
        let manifestPath = writer.path(SitePaths.manifest)
        let previous = SiteManifest.load(path: manifestPath)
        let scanner = PostmortemScanner(directory: options.postmortemsDirectory)
        // The postmortem files and the database are independent inputs: the archive is read while
        // the files are scanned and digested, and the analysis queries (which read the digests)
        // run while the model is built.
        async let snapshotRead = ArchiveSnapshot.load(database)
        let scan = await scanner.scan(cache: previous.postmortems)
        phase("scan")
        try await PostmortemDigestSync(database: database, directory: options.postmortemsDirectory, clock: clock).run(scanned: scan.files)
        phase("digests")
        async let analysisRead = SiteAnalysis.load(database: database, now: clock.now(), statusPage: options.statusPage)
        let model = SiteModel(snapshot: try await snapshotRead, postmortems: scan.files)
        phase("load")
        let analysis = try await analysisRead
        phase("analyse")
        let plan = SitePlanner(model: model, options: options, templates: templates, analysis: analysis).plan()

        var report = SiteBuildReport()
        report.outputDirectory = options.outputDirectory
        report.incidents = model.entries.count
        report.postmortemsRead = scan.reread
        report.warnings = model.warnings
        let dirty = plan.filter { previous.pages[$0.path] != $0.hash || !writer.exists($0.path) }
        report.unchanged = plan.count - dirty.count
        phase("plan")

        let renderer = PageRenderer(
            model: model, options: options, templates: templates, database: database, scanner: scanner, writer: writer,
            analysis: analysis)
        let rendered = try await renderer.render(dirty, progress: progress)
        report.written = dirty.map(\.path)
        phase("render")
        report.warnings += rendered.warnings

        var manifest = SiteManifest()
        for page in plan { manifest.pages[page.path] = page.hash }
        for file in scan.files { manifest.postmortems[file.name] = file }
        for path in previous.pages.keys.sorted() where manifest.pages[path] == nil {
            if writer.remove(path) { report.removed.append(path) }
        }
        do {
            try writer.write(SitePaths.manifest, manifest.encoded())
        } catch {
            throw SiteBuildError.output("\(error)")
        }
        phase("finish")
        report.phases = phases
        report.seconds = Self.seconds(ContinuousClock.now - started)
        return report
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

/// Why a build stopped.
public enum SiteBuildError: Error, Equatable, CustomStringConvertible {
    /// The templates could not be loaded.
    case templates(String)
    /// The output directory could not be written.
    case output(String)
    /// A page failed the safety check before being written.
    case unsafePage(path: String, reason: String)

    public var description: String {
        switch self {
        case .templates(let reason): "site templates: \(reason)"
        case .output(let reason): "site output: \(reason)"
        case .unsafePage(let path, let reason): "refusing to write \(path): \(reason)"
        }
    }
}
