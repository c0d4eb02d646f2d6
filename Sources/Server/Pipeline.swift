import AftermathCore
import Archive
import AsyncHTTPClient
import Capture
import Foundation
import Logging
import Postmortem
import Redaction
import ServiceLifecycle
import Settings
import Site

/// The composition root: builds the redactor, collectors, capture planner and worker from the
/// configuration, and wires them into the server as an intake hook and a service.
public struct Pipeline: Sendable {
    public let config: AftermathConfig
    public let database: AppDatabase
    public let redactor: Redactor
    public let planner: CapturePlanner
    public let worker: CaptureWorker
    /// Rebuilds the static site after changes (incremental: unchanged pages are not rewritten).
    public let site: SiteService
    /// When postmortems are due (an intake hook keeps the deadlines in SQLite).
    public let postmortemSchedule: PostmortemSchedule
    /// The Mustache template postmortems are written from.
    public let postmortemTemplate: PostmortemTemplate
    /// What `/metrics` reports; the capture runner and site builds record into it.
    public let metrics: ServerMetrics
    /// Where every background part reports itself; `/healthz` reads it.
    public let health: HealthBoard

    /// The real collectors: HTTP through `httpClient`, processes through `runner`, journald
    /// collectors reading `journal` (the system journal; tests pass a journal directory).
    public init(
        config: AftermathConfig, database: AppDatabase, clock: any WallClock = SystemClock(), logger: Logger,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        httpClient: HTTPClient = Pipeline.collectorHTTPClient, runner: any ProcessRunner = LocalProcessRunner(),
        journal: JournaldCollector.Source = .system, metrics: ServerMetrics = ServerMetrics(),
        health: HealthBoard = HealthBoard()
    ) throws {
        self.config = config
        self.metrics = metrics
        self.database = database
        self.health = health
        redactor = try Redactor(config: config.redaction)
        postmortemSchedule = PostmortemSchedule(config: config.postmortem)
        postmortemTemplate = try PostmortemTemplate.load(config)
        planner = CapturePlanner(config: config)
        let collectors = CollectorSet([
            .prometheus: PrometheusCollector(config: config.prometheus, client: httpClient, environment: environment),
            .loki: LokiCollector(config: config.loki, client: httpClient, environment: environment),
            .http: HTTPCollector(client: httpClient),
            .file: FileCollector(runner: runner),
            .journald: JournaldCollector(runner: runner, source: journal),
            .command: CommandCollector(runner: runner),
        ])
        let siteRequests = SiteRebuildRequests()
        var site = SiteService(builder: SiteBuilder(config: config, database: database), requests: siteRequests, onBuild: { result in
            metrics.siteBuild(result)
            switch result {
            case .success(let report):
                if !report.written.isEmpty || !report.removed.isEmpty { logger.info("\(report.summaryLine)") }
                for warning in report.warnings { logger.warning("site: \(warning)") }
            case .failure(let error):
                logger.error("site build failed", metadata: ["error": "\(error)"])
            }
        })
        site.health = health
        self.site = site
        let captureRunner = CaptureRunner(
            database: database, config: config, collectors: collectors, redactor: redactor, clock: clock, logger: logger,
            metrics: metrics.capture)
        worker = CaptureWorker(
            runner: captureRunner, database: database, config: config, clock: clock, logger: logger, wakeups: CaptureWakeups(),
            health: health, onJobFinished: { siteRequests.pokeLater() })
    }

    /// The HTTP client collectors expect: they follow redirects themselves (dropping credentials
    /// across origins), and a refused connection fails at once instead of being retried until the
    /// deadline. One per process, like `HTTPClient.shared`, and never shut down for the same reason.
    public static let collectorHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// The service that writes postmortems when they fall due (and catches up at start-up);
    /// each event is logged, and anything it writes pokes the site.
    public func postmortemScheduler(
        clock: any WallClock = SystemClock(), logger: Logger, pollInterval: TimeInterval = 5,
        onEvent: @escaping @Sendable (PostmortemSchedulerEvent) -> Void = { _ in }
    ) -> PostmortemScheduler {
        let siteRequests = site.requests
        var generator = PostmortemGenerator(
            database: database, directory: config.postmortemsDirectory, template: postmortemTemplate, clock: clock, redactor: redactor)
        let digests = PostmortemDigestSync(database: database, directory: config.postmortemsDirectory, clock: clock)
        generator.refreshDigests = { try await digests.run() }
        var scheduler = PostmortemScheduler(
            generator: generator,
            schedule: postmortemSchedule, clock: clock, pollInterval: pollInterval,
            report: { event in
                if case .failed = event {
                    logger.error("postmortem scheduler", metadata: ["event": "\(event)"])
                } else {
                    logger.notice("postmortem scheduler", metadata: ["event": "\(event)"])
                }
                onEvent(event)
                siteRequests.pokeLater()
            })
        scheduler.health = health
        return scheduler
    }

    /// Server dependencies: capture planning in the intake transaction, the capture worker, and
    /// (unless `keepSiteCurrent` is false) the site rebuilt after every change.
    public func serverDependencies(
        clock: any WallClock = SystemClock(), ids: any IncidentIDGenerator = RandomIncidentIDs(),
        environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger,
        keepSiteCurrent: Bool = true, serveSite: Bool = false, postmortemScheduler: PostmortemScheduler? = nil
    ) -> ServerDependencies {
        let wakeups = worker.wakeups
        let siteRequests = site.requests
        let scheduler = postmortemScheduler ?? self.postmortemScheduler(clock: clock, logger: logger)
        let postmortemWakeups = scheduler.wakeups
        var hooks: [IntakeHook] = [
            planner.intakeHook(onPlanned: { wakeups.pokeLater() }),
            postmortemSchedule.intakeHook(onScheduled: { postmortemWakeups.pokeLater() }),
        ]
        // Supervised: a loop that throws or returns is restarted, never allowed to stop the server.
        var services: [any Service] = [
            SupervisedService(CaptureWorker.healthPart, worker, health: health, logger: logger),
            SupervisedService(PostmortemScheduler.healthPart, scheduler, health: health, logger: logger),
        ]
        if config.retention.isConfigured {
            services.append(SupervisedService(RetentionService.healthPart, RetentionService(
                database: database, config: config.retention, clock: clock, logger: logger, onRemoved: { siteRequests.pokeLater() }),
                health: health, logger: logger))
        }
        if keepSiteCurrent {
            hooks.append { _, _, _ in siteRequests.pokeLater() }
            services.append(SupervisedService(SiteService.healthPart, site, health: health, logger: logger))
        }
        var deps = ServerDependencies(
            config: config, database: database, clock: clock, ids: ids, environment: environment, logger: logger,
            intakeHooks: hooks, services: services, redactor: redactor)
        deps.serveSite = serveSite
        deps.metrics = metrics
        deps.health = health
        return deps
    }
}
