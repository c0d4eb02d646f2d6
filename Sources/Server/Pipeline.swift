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
    /// Which `notify:` targets take which events.
    public let notificationRouting: NotificationRouting
    /// Wakes the notification sender when something was queued.
    public let notificationWakeups = Wakeups()
    /// Wakes the status-page follow-up when an incident or its status page changed.
    public let statusPageWakeups = Wakeups()
    /// The collectors' HTTP client; `shutdown()` closes it when the pipeline made it.
    let httpClient: HTTPClient
    private let ownsHTTPClient: Bool
    /// Where `*_env` secrets are read from (notification targets).
    let environment: [String: String]

    /// The real collectors: HTTP through `httpClient` (nil: a client of the pipeline's own, closed by
    /// `shutdown()`), processes through `runner`, journald collectors reading `journal` (the system
    /// journal; tests pass a journal directory).
    public init(
        config: AftermathConfig, database: AppDatabase, clock: any WallClock = SystemClock(), logger: Logger,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        httpClient: HTTPClient? = nil, runner: any ProcessRunner = LocalProcessRunner(),
        journal: JournaldCollector.Source = .system, metrics: ServerMetrics = ServerMetrics(),
        health: HealthBoard = HealthBoard()
    ) throws {
        self.config = config
        self.metrics = metrics
        self.database = database
        self.health = health
        self.environment = environment
        redactor = try Redactor(config: config.redaction)
        postmortemSchedule = PostmortemSchedule(config: config.postmortem)
        postmortemTemplate = try PostmortemTemplate.load(config)
        planner = CapturePlanner(config: config)
        notificationRouting = Self.routing(config.notify)
        // Made after everything that can throw, so a failed start-up leaves no client open.
        ownsHTTPClient = httpClient == nil
        let httpClient = httpClient ?? Self.makeCollectorHTTPClient()
        self.httpClient = httpClient
        let collectors = CollectorSet([
            .prometheus: PrometheusCollector(config: config.prometheus, client: httpClient, environment: environment),
            .loki: LokiCollector(config: config.loki, client: httpClient, environment: environment),
            .http: HTTPCollector(client: httpClient),
            .file: FileCollector(runner: runner),
            .journald: JournaldCollector(runner: runner, source: journal),
            .command: CommandCollector(runner: runner),
        ])
        let siteRequests = Wakeups()
        var site = SiteService(builder: SiteBuilder(config: config, database: database, clock: clock), requests: siteRequests, onBuild: { result in
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
            runner: captureRunner, database: database, config: config, clock: clock, logger: logger, wakeups: Wakeups(),
            health: health, onJobFinished: { siteRequests.poke() })
    }

    /// A new HTTP client as collectors expect it: they follow redirects themselves (dropping
    /// credentials across origins), and a refused connection fails at once instead of being retried
    /// until the deadline. The caller owns it and shuts it down.
    public static func makeCollectorHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Target names by the events they take, in configuration order.
    static func routing(_ targets: [NotifyTarget]) -> NotificationRouting {
        var byEvent: [NotificationEvent: [String]] = [:]
        for target in targets {
            for event in target.events { byEvent[event, default: []].append(target.name) }
        }
        return NotificationRouting(targets: byEvent)
    }

    /// The incident's page on the published site (`site_options.base_url`), for notifications.
    public var incidentLink: @Sendable (String) -> String? {
        let base = config.siteOptions.baseURL
        return { id in SitePaths.publishedIncident(id, base: base) }
    }

    /// The service that delivers queued notifications to the `notify:` targets over `httpClient`
    /// (redirects refused).
    public func notificationSender(clock: any WallClock = SystemClock(), logger: Logger, pollInterval: TimeInterval = 30) -> NotificationSender {
        var sender = NotificationSender(
            database: database, targets: config.notify, client: httpClient, clock: clock, environment: environment,
            logger: logger, pollInterval: pollInterval, wakeups: notificationWakeups)
        sender.health = health
        return sender
    }

    /// The service that reminds while a status page stays open after its incident resolved; each
    /// reminder pokes the site (its banner) and the sender.
    public func statusPageFollowUp(clock: any WallClock = SystemClock(), logger: Logger, pollInterval: TimeInterval = 30) -> StatusPageFollowUpService {
        let siteRequests = site.requests, sender = notificationWakeups
        var service = StatusPageFollowUpService(
            database: database, config: config.statuspage, routing: notificationRouting, incidentLink: incidentLink,
            clock: clock, logger: logger, pollInterval: pollInterval, wakeups: statusPageWakeups,
            onReminded: { siteRequests.poke(); sender.poke() })
        service.health = health
        return service
    }

    /// Closes what the pipeline owns (its HTTP client); call once its services have stopped. The
    /// services of `serverDependencies` close it themselves when their group stops; a second close
    /// is harmless.
    public func shutdown() async throws {
        guard ownsHTTPClient else { return }
        do {
            try await httpClient.shutdown()
        } catch let error as HTTPClientError where error == .alreadyShutdown {
            return
        }
    }

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
        generator.changeLookback = config.capture.lookback
        generator.notifications = PostmortemNotifications(routing: notificationRouting, incidentLink: incidentLink)
        let sender = notificationWakeups
        var scheduler = PostmortemScheduler(
            generator: generator,
            schedule: postmortemSchedule, clock: clock, pollInterval: pollInterval,
            report: { event in
                switch event {
                case .failed, .roundFailed: logger.error("\(event.message)")
                case .backfilled, .wrote: logger.notice("\(event.message)")
                }
                onEvent(event)
                siteRequests.poke()
                sender.poke()
            })
        scheduler.health = health
        return scheduler
    }

    /// What every incident change runs in its transaction: capture planning, then postmortem
    /// scheduling. The server passes wake-ups for its worker and scheduler; the CLI's incident actions
    /// (no service listening) pass none.
    public static func intakeHooks(
        planner: CapturePlanner, schedule: PostmortemSchedule,
        onPlanned: @escaping @Sendable () -> Void = {}, onScheduled: @escaping @Sendable () -> Void = {}
    ) -> [IntakeHook] {
        [planner.intakeHook(onPlanned: onPlanned), schedule.intakeHook(onScheduled: onScheduled)]
    }

    /// Applies an operator's action outside the server (no service listening, so nothing is woken):
    /// the same hooks as intake, so a resolve plans its closing capture and schedules the postmortem.
    /// A note's text and author are redacted with `config`'s rules first.
    public static func apply(
        _ action: OperatorAction, incidentID: String, actor: String, config: AftermathConfig, database: AppDatabase, at: Date
    ) async throws -> IncidentActionOutcome {
        var action = action, actor = actor
        if case .note(let text) = action {
            let redactor = try Redactor(config: config.redaction)
            action = .note(redactor.redact(text).text)
            actor = redactor.redact(actor).text
        }
        let hooks = intakeHooks(planner: CapturePlanner(config: config), schedule: PostmortemSchedule(config: config.postmortem))
        return try await database.apply(action, incidentID: incidentID, actor: actor, source: "cli", at: at, hooks: hooks)
    }

    /// Server dependencies: capture planning in the intake transaction, the capture worker, and
    /// (unless `keepSiteCurrent` is false) the site rebuilt after every change.
    public func serverDependencies(
        clock: any WallClock = SystemClock(), ids: any IncidentIDGenerator = RandomIncidentIDs(),
        environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger,
        keepSiteCurrent: Bool = true, serveSite: Bool = false, postmortemScheduler: PostmortemScheduler? = nil,
        notificationSender: NotificationSender? = nil, statusPageFollowUp: StatusPageFollowUpService? = nil
    ) -> ServerDependencies {
        let wakeups = worker.wakeups
        let siteRequests = site.requests
        let scheduler = postmortemScheduler ?? self.postmortemScheduler(clock: clock, logger: logger)
        let postmortemWakeups = scheduler.wakeups
        var hooks = Self.intakeHooks(
            planner: planner, schedule: postmortemSchedule,
            onPlanned: { wakeups.poke() }, onScheduled: { postmortemWakeups.poke() })
        let statusPageWakeups = self.statusPageWakeups
        hooks.append { _, _ in statusPageWakeups.poke() }
        // Supervised: a loop that throws or returns is restarted, never allowed to stop the server.
        // The client closer comes first, so it stops last, after the collectors that use it.
        var services: [any Service] = ownsHTTPClient ? [HTTPClientCloser(pipeline: self)] : []
        services += [
            SupervisedService(CaptureWorker.healthPart, worker, health: health, logger: logger),
            SupervisedService(PostmortemScheduler.healthPart, scheduler, health: health, logger: logger),
            SupervisedService(
                StatusPageFollowUpService.healthPart, statusPageFollowUp ?? self.statusPageFollowUp(clock: clock, logger: logger),
                health: health, logger: logger),
            SupervisedService(
                NotificationSender.healthPart, notificationSender ?? self.notificationSender(clock: clock, logger: logger),
                health: health, logger: logger),
        ]
        if config.retention.isConfigured {
            services.append(SupervisedService(RetentionService.healthPart, RetentionService(
                database: database, config: config.retention, clock: clock, logger: logger, onRemoved: { siteRequests.poke() }),
                health: health, logger: logger))
        }
        if keepSiteCurrent {
            hooks.append { _, _ in siteRequests.poke() }
            services.append(SupervisedService(SiteService.healthPart, site, health: health, logger: logger))
        }
        var deps = ServerDependencies(
            config: config, database: database, clock: clock, ids: ids, environment: environment, logger: logger,
            intakeHooks: hooks, services: services, redactor: redactor)
        if keepSiteCurrent { deps.onChangesRecorded = { siteRequests.poke() } }
        deps.serveSite = serveSite
        deps.metrics = metrics
        deps.health = health
        return deps
    }
}

/// Closes the pipeline's HTTP client when the service group stops (or is cancelled).
struct HTTPClientCloser: Service {
    let pipeline: Pipeline

    func run() async throws {
        try? await gracefulShutdown()
        try? await pipeline.shutdown()
    }
}
