import AftermathCore
import Archive
import AsyncHTTPClient
import Capture
import Foundation
import Logging
import Redaction
import ServiceLifecycle
import Settings

/// The composition root: builds the redactor, collectors, capture planner and worker from the
/// configuration, and wires them into the server as an intake hook and a service.
public struct Pipeline: Sendable {
    public let config: AftermathConfig
    public let database: AppDatabase
    public let redactor: Redactor
    public let planner: CapturePlanner
    public let worker: CaptureWorker

    /// The real collectors: HTTP through `httpClient`, processes through `runner`.
    public init(
        config: AftermathConfig, database: AppDatabase, clock: any WallClock = SystemClock(), logger: Logger,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        httpClient: HTTPClient = Pipeline.collectorHTTPClient, runner: any ProcessRunner = LocalProcessRunner()
    ) throws {
        self.config = config
        self.database = database
        redactor = try Redactor(config: config.redaction)
        planner = CapturePlanner(config: config)
        let collectors = CollectorSet([
            .prometheus: PrometheusCollector(config: config.prometheus, client: httpClient, environment: environment),
            .loki: LokiCollector(config: config.loki, client: httpClient, environment: environment),
            .http: HTTPCollector(client: httpClient),
            .file: FileCollector(runner: runner),
            .journald: JournaldCollector(runner: runner),
            .command: CommandCollector(runner: runner),
        ])
        let runnerLogger = logger
        let captureRunner = CaptureRunner(
            database: database, config: config, collectors: collectors, redactor: redactor, clock: clock, logger: runnerLogger)
        worker = CaptureWorker(runner: captureRunner, database: database, config: config, clock: clock, logger: logger, wakeups: CaptureWakeups())
    }

    /// The HTTP client collectors expect: they follow redirects themselves (dropping credentials
    /// across origins), and a refused connection fails at once instead of being retried until the
    /// deadline. One per process, like `HTTPClient.shared`, and never shut down for the same reason.
    public static let collectorHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Server dependencies with capture planning in the intake transaction and the worker running.
    public func serverDependencies(
        clock: any WallClock = SystemClock(), ids: any IncidentIDGenerator = RandomIncidentIDs(),
        environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger
    ) -> ServerDependencies {
        let wakeups = worker.wakeups
        return ServerDependencies(
            config: config, database: database, clock: clock, ids: ids, environment: environment, logger: logger,
            intakeHooks: [planner.intakeHook(onPlanned: { wakeups.pokeLater() })],
            services: [worker], redactor: redactor)
    }
}
