// Site owns the static HTML site: planning, templates, libcmark rendering, charts and the search
// index. It reads the archive (and postmortem files) and never writes to the archive; it must not
// depend on Capture (collectors).

import AftermathCore
import Archive
import Foundation
import Settings

/// Builds the static site from the archive and the postmortem files, incrementally: each page's
/// inputs are hashed, and only pages whose hash changed (or whose file is missing) are rendered;
/// pages of deleted items are removed. The hashes live in `.aftermath-site-manifest` in the output;
/// what the archive contributed to them in `.aftermath-site-plan`, so that a rebuild after
/// postmortem edits alone reads only the incidents it re-renders (`KeptPlanRebuild`).
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
        let previous = SiteManifest.load(path: writer.path(SitePaths.manifest))
        let scanner = PostmortemScanner(directory: options.postmortemsDirectory)
        let now = clock.now()
        // Read before anything else of the archive: a change landing later shows as a new counter next time.
        let counter = try await database.siteChangeCounter()
        let kept = KeptPlan.load(path: writer.path(SitePaths.keptPlan)).map { KeptPlanRebuild(kept: $0, options: options, templates: templates) }
        var scanned: (files: [PostmortemFile], reread: Int)?
        if let kept, kept.keyMatches(counter: counter, now: now) {
            let scan = await scanner.scan(cache: previous.postmortems)
            phase("scan")
            if let replan = kept.replan(counter: counter, now: now, previous: previous, files: scan.files),
               writer.allExist(previous.pages.keys) {
                try await PostmortemDigestSync(database: database, directory: options.postmortemsDirectory, clock: clock).run(scanned: scan.files)
                phase("digests")
                var report = try await rebuild(
                    replan, kept: kept.kept, previous: previous, scan: scan, now: now, templates: templates, writer: writer, scanner: scanner,
                    progress: progress, phase: phase)
                report.phases = phases
                report.seconds = Self.seconds(ContinuousClock.now - started)
                return report
            }
            scanned = scan
        }
        // A full build: the kept plan goes first, so that a build stopped half way never leaves one behind.
        _ = writer.remove(SitePaths.keptPlan)

        // The postmortem files and the database are independent inputs: the archive is read while
        // the files are scanned and digested, and the analysis queries (which read the digests)
        // run while the model is built.
        async let snapshotRead = ArchiveSnapshot.load(database)
        let scan: (files: [PostmortemFile], reread: Int)
        if let scanned { scan = scanned } else { scan = await scanner.scan(cache: previous.postmortems) }
        phase("scan")
        try await PostmortemDigestSync(database: database, directory: options.postmortemsDirectory, clock: clock).run(scanned: scan.files)
        phase("digests")
        async let analysisRead = SiteAnalysis.load(database: database, now: now, statusPage: options.statusPage)
        let model = SiteModel(snapshot: try await snapshotRead, postmortems: scan.files)
        phase("load")
        let analysis = try await analysisRead
        phase("analyse")
        var (plan, keptPlan) = SitePlanner(model: model, options: options, templates: templates, analysis: analysis).plan()

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
        keptPlan.key = KeptPlan.Key(
            counter: counter, config: SitePlanner.configHash(options, templates), builtAt: now, validUntil: analysis.nextTimedChange)
        do {
            try writer.write(SitePaths.manifest, manifest.encodedBytes())
            try writer.write(SitePaths.keptPlan, keptPlan.encoded())
        } catch {
            throw SiteBuildError.output("\(error)")
        }
        phase("finish")
        report.phases = phases
        report.seconds = Self.seconds(ContinuousClock.now - started)
        return report
    }

    /// A rebuild from the kept plan: plans the pages `replan` names, reads the incidents those
    /// pages show (and nothing else of the archive's incidents), renders what changed and updates
    /// the manifest.
    private func rebuild(
        _ replan: KeptPlanRebuild.Replan, kept: KeptPlan, previous: SiteManifest, scan: (files: [PostmortemFile], reread: Int), now: Date,
        templates: SiteTemplates, writer: PageWriter, scanner: PostmortemScanner, progress: (any SiteBuildProgress)?,
        phase: (String) -> Void
    ) async throws -> SiteBuildReport {
        func isDirty(_ path: String, _ hash: UInt64) -> Bool { previous.pages[path] != hash }
        let pagesChanged = replan.changed.filter { isDirty(SitePaths.incident($0), replan.incidentPages[$0] ?? 0) }
        let shardsChanged = replan.shardHashes.indices.filter { isDirty(SitePaths.searchShard($0), replan.shardHashes[$0]) }
        let feedChanged = isDirty(SitePaths.feed, replan.feed.hash)
        let analysis = try await SiteAnalysis.load(database: database, now: now, statusPage: options.statusPage, relatedOf: Set(pagesChanged))
        var needed = Set(pagesChanged)
        for id in pagesChanged { needed.formUnion(analysis.related[id]?.matches.map(\.incidentID) ?? []) }
        for n in shardsChanged { needed.formUnion(replan.shardMembers[n]) }
        if feedChanged { needed.formUnion(replan.feed.ids) }
        let (snapshot, evidenceIDs) = try await ArchiveSnapshot.load(database, incidentIDs: needed.sorted())
        var model = SiteModel(snapshot: snapshot, postmortems: scan.files)
        model.allIncidentIDs = Set(kept.incidents.map(\.id))
        model.allEvidenceIDs = evidenceIDs
        phase("load")

        var dirty: [PlannedPage] = []
        for id in pagesChanged {
            guard let i = model.indexByID[id] else { continue }
            dirty.append(PlannedPage(path: SitePaths.incident(id), hash: replan.incidentPages[id] ?? 0, kind: .incident(i)))
        }
        for n in shardsChanged { dirty.append(PlannedPage(path: SitePaths.searchShard(n), hash: replan.shardHashes[n], kind: .searchShard(n))) }
        if isDirty(SitePaths.search, replan.searchPage.hash) {
            dirty.append(PlannedPage(path: SitePaths.search, hash: replan.searchPage.hash, kind: .searchPage(replan.searchPage.scripts)))
        }
        if feedChanged {
            dirty.append(PlannedPage(path: SitePaths.feed, hash: replan.feed.hash, kind: .feed(replan.feed.ids.compactMap { model.indexByID[$0] })))
        }
        var report = SiteBuildReport()
        report.fromKeptPlan = true
        report.outputDirectory = options.outputDirectory
        report.incidents = kept.incidents.count
        report.postmortemsRead = scan.reread
        report.warnings = kept.warnings
        report.unchanged = previous.pages.count - dirty.count
        phase("plan")

        let renderer = PageRenderer(
            model: model, options: options, templates: templates, database: database, scanner: scanner, writer: writer, analysis: analysis)
        let rendered = try await renderer.render(dirty, progress: progress)
        report.written = dirty.map(\.path)
        report.warnings += rendered.warnings
        phase("render")

        var manifest = previous
        for page in dirty { manifest.pages[page.path] = page.hash }
        for file in scan.files { manifest.postmortems[file.name] = file }
        do {
            try writer.write(SitePaths.manifest, manifest.encodedBytes())
        } catch {
            throw SiteBuildError.output("\(error)")
        }
        phase("finish")
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
