// Server owns the HTTP side and the wiring: webhook, notes, health and metrics routes, access
// control, and `Pipeline`, the composition root that builds every stage from the configuration,
// owns their clients and runs them as services. Operator actions outside the server also go
// through `Pipeline`. It must not parse payloads itself or run SQL: those are Intake's and Archive's.

import AftermathCore
import Archive
import Foundation
import Hummingbird
import HummingbirdCore
import Intake
import Logging
import Redaction
import NIOCore
import ServiceLifecycle
import Settings

/// Everything the server needs, injected so tests can substitute the clock and ids.
public struct ServerDependencies: Sendable {
    public var config: AftermathConfig
    public var database: AppDatabase
    public var clock: any WallClock
    public var ids: any IncidentIDGenerator
    public var environment: [String: String]
    public var logger: Logger
    /// Run inside each intake transaction (capture planning, postmortem scheduling).
    public var intakeHooks: [IntakeHook]
    /// Long-running work started with the server (capture workers, schedulers).
    public var services: [any Service]
    /// Applied to every delivery before it is stored.
    public var redactor: Redactor
    /// Called after a delivery stored change events (no incident hook runs for those): the
    /// pipeline pokes the site, whose incident pages list changes.
    public var onChangesRecorded: @Sendable () -> Void = {}
    /// Serve the generated site read-only under `/site/` (`aftermath serve --serve-site`).
    public var serveSite = false
    /// The registry `/metrics` emits and the factory intake records through.
    public var metrics = ServerMetrics()
    /// What the background parts report about themselves; `/healthz` reads it.
    public var health = HealthBoard() {
        didSet { committer = IntakeCommitter(database: database, health: health) }
    }
    /// Group commit for webhook intake; `buildApplication` runs it as a service, and a test that
    /// drives `buildRouter` itself must run it too.
    public private(set) var committer: IntakeCommitter

    public init(
        config: AftermathConfig, database: AppDatabase, clock: any WallClock = SystemClock(),
        ids: any IncidentIDGenerator = RandomIncidentIDs(), environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger = Logger(label: "aftermath"), intakeHooks: [IntakeHook] = [], services: [any Service] = [],
        redactor: Redactor
    ) {
        self.config = config
        self.database = database
        self.clock = clock
        self.ids = ids
        self.environment = environment
        self.logger = logger
        self.intakeHooks = intakeHooks
        self.services = services
        self.redactor = redactor
        committer = IntakeCommitter(database: database, health: health)
    }
}

/// Why the server refuses to start.
public enum StartupError: Error, CustomStringConvertible, Equatable {
    case unauthenticatedSourcesOffLoopback(address: String, sources: [String])
    case siteWithoutCredentialsOffLoopback(address: String)

    public var description: String {
        switch self {
        case .unauthenticatedSourcesOffLoopback(let address, let sources):
            return "refusing to listen on \(address): source(s) \(sources.joined(separator: ", ")) have no credentials. "
                + "Configure bearer_token_file, basic_auth, hmac_secret_file, signing_secret_file or path_token_file "
                + "under sources.<name>, set enabled: false, or listen on 127.0.0.1."
        case .siteWithoutCredentialsOffLoopback(let address):
            return "refusing to serve the site on \(address) without credentials: every postmortem and evidence page would be "
                + "public. Configure site_access.basic_auth (username, password_file) for browsers and/or "
                + "site_access.bearer_token_file, or listen on 127.0.0.1."
        }
    }
}

public enum AftermathServer {
    /// Sources that accept unauthenticated webhooks; only allowed while listening on loopback.
    public static func unauthenticatedSources(_ config: AftermathConfig) -> [WebhookSource] {
        WebhookSource.allCases.filter { config.source($0).enabled && !config.source($0).isAuthenticated }
    }

    /// Checks the listen address against the sources' credentials and resolves every secret.
    /// `listensOnLoopback`: the listener's loopback decision when already made (it resolves `localhost`).
    public static func authenticators(
        for config: AftermathConfig, environment: [String: String], listensOnLoopback: Bool? = nil
    ) throws -> [WebhookSource: SourceAuthenticator] {
        let open = unauthenticatedSources(config)
        if !open.isEmpty, !(listensOnLoopback ?? config.server.isLoopback) {
            throw StartupError.unauthenticatedSourcesOffLoopback(
                address: "\(config.server.host):\(config.server.port)", sources: open.map(\.rawValue))
        }
        var result: [WebhookSource: SourceAuthenticator] = [:]
        for source in WebhookSource.allCases where config.source(source).enabled {
            result[source] = try SourceAuthenticator(config: config.source(source), environment: environment)
        }
        return result
    }

    /// The router with every route; tests drive it without a socket.
    public static func buildRouter(_ deps: ServerDependencies) throws -> Router<AppRequestContext> {
        let router = Router(context: AppRequestContext.self)
        let loopback = deps.config.server.isLoopback
        if loopback { router.add(middleware: HostAllowListMiddleware(config: deps.config.server)) }
        router.add(middleware: SenderGuardMiddleware(
            unauthenticatedSources: Set(unauthenticatedSources(deps.config).map(\.rawValue)), logger: deps.logger))
        if deps.serveSite {
            router.add(middleware: try SiteAccessMiddleware(
                config: deps.config, environment: deps.environment, listensOnLoopback: loopback, logger: deps.logger))
        }
        router.add(middleware: UnknownRouteMiddleware(servesSite: deps.serveSite))
        if deps.serveSite {
            router.add(middleware: FileMiddleware(deps.config.siteDirectory, urlBasePath: "/site", searchForIndexHtml: true, logger: deps.logger))
        }
        HealthController(database: deps.database, health: deps.health, clock: deps.clock).addRoutes(to: router)
        let apiToken = try deps.config.api.bearerToken?.resolve(environment: deps.environment)
        MetricsController(
            metrics: deps.metrics, database: deps.database, clock: deps.clock, statusPage: StatusPageTiming(deps.config.statuspage),
            access: ReaderAccess(
                credentials: ReaderCredentials(bearerToken: apiToken, basic: nil), listensOnLoopback: loopback,
                what: "/metrics", configKey: "api.bearer_token_file", logger: deps.logger)
        ).addRoutes(to: router)
        NotesController(
            database: deps.database, clock: deps.clock, hooks: deps.intakeHooks, redactor: deps.redactor,
            bearerToken: apiToken, listensOnLoopback: loopback, logger: deps.logger
        ).addRoutes(to: router)
        WebhookController(
            committer: deps.committer, database: deps.database, config: deps.config,
            authenticators: try authenticators(for: deps.config, environment: deps.environment, listensOnLoopback: loopback),
            clock: deps.clock, ids: deps.ids, hooks: deps.intakeHooks, redactor: deps.redactor, logger: deps.logger,
            metrics: deps.metrics,
            bodyBudget: RequestBodyBudget(limit: deps.config.server.maxBufferedBytes), onChangesRecorded: deps.onChangesRecorded
        ).addRoutes(to: router)
        return router
    }

    /// HTTP/1.1 with per-connection deadlines (`server.idle_timeout`, `server.read_timeout`): a
    /// sender trickling bytes, or sending nothing, holds a connection only that long.
    static func httpServer(_ config: ServerConfig) -> HTTPServerBuilder {
        let idle = TimeAmount.nanoseconds(Int64(saturating: config.idleTimeout * 1e9))
        let read = TimeAmount.nanoseconds(Int64(saturating: config.readTimeout * 1e9))
        return .http1(configuration: .init(
            additionalChannelHandlers: [ConnectionDeadlineHandler(idleTimeout: idle, readTimeout: read)]))
    }

    /// The application: router, listener and background services.
    /// `onRunning` receives the bound address (useful with port 0).
    public static func buildApplication(
        _ deps: ServerDependencies,
        onRunning: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) throws -> some ApplicationProtocol {
        let router = try buildRouter(deps)
        let config = deps.config.server
        return Application(
            router: router,
            server: httpServer(config),
            configuration: .init(
                address: .hostname(config.host, port: config.port), serverName: "aftermath",
                availableConnectionsDelegate: MaximumAvailableConnections(config.maxConnections)),
            services: deps.services + [deps.committer],
            onServerRunning: { channel in
                let address = channel.localAddress
                await onRunning(address?.ipAddress ?? config.host, address?.port ?? config.port)
            },
            logger: deps.logger)
    }
}
