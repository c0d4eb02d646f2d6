import AftermathCore
import Archive
import AsyncHTTPClient
import Foundation
import NIOHTTP1
import Settings

/// `kind: prometheus`: range queries over the incident window, stored as series.
///
/// Reads `prometheus.url`, `prometheus.timeout` (per request), `prometheus.bearer_token_*`, and the
/// collector's `query`, `step`, `alert_expression`. Each configured query (with `{{labels.NAME}}`
/// escaped for a PromQL string) and, when `alert_expression` is on, each distinct alert expression
/// from a `generatorURL`'s `g0.expr` becomes one `.metrics` item. Nothing throws: a refused query,
/// an unreachable server or a missing label is an item with its status and the exact error.
///
/// A refused connection is reported at once only when the injected client does not retry
/// connection establishment (`connectionPool.retryConnectionEstablishment = false`); with the
/// default client it is reported, still as the refusal, when the request's deadline passes.
public struct PrometheusCollector: EvidenceCollector {
    let config: PrometheusConfig
    let fetcher: BodyFetcher
    let environment: [String: String]
    let maxSeries: Int

    /// Queries run at once against one Prometheus.
    static let concurrentQueries = 4

    /// A collector over `config`, resolving the bearer token from `environment`; `maxSeries` caps
    /// the series kept per query (the rest is dropped and the item marked truncated).
    public init(config: PrometheusConfig, client: HTTPClient, environment: [String: String], maxSeries: Int = 1_000) {
        self.config = config
        self.fetcher = BodyFetcher(client: client)
        self.environment = environment
        self.maxSeries = maxSeries
    }

    /// One item per planned query, in configuration order, then alert expressions.
    public func collect(_ context: CaptureContext) async -> [CollectedItem] {
        let started = context.clock.now()
        let planned = Self.plan(context)
        guard !planned.isEmpty else { return [] }
        let run: QueryRun
        switch prepare(context, startedAt: started) {
        case .success(let prepared):
            run = prepared
        case .failure(let problem):
            return planned.map { $0.unusableItem(kind: .metrics, problem: problem, at: started, finishedAt: context.clock.now()) }
        }
        return await QueryFanOut.map(planned, limit: Self.concurrentQueries) { query in
            await self.item(for: query, in: run)
        }
    }

    /// Everything one query needs, decided once per run.
    struct QueryRun: Sendable {
        var endpoint: EndpointURL
        var headers: HTTPHeaders
        var window: DateInterval
        var step: TimeInterval
        var runEnd: Date
        var runLimit: TimeInterval
        var maxBytes: Int
        /// The capture's clock.
        var clock: any WallClock
    }

    /// The endpoint, credentials and step; or why no query can run.
    func prepare(_ context: CaptureContext, startedAt: Date) -> Result<QueryRun, PlannedQuery.Problem> {
        let endpoint: EndpointURL
        switch EndpointURL.configured(config.url, key: "prometheus.url") {
        case .success(let url): endpoint = url
        case .failure(let problem): return .failure(problem)
        }
        var headers = HTTPHeaders([("Accept", "application/json")])
        if let reference = config.bearerToken {
            do {
                headers.add(name: "Authorization", value: "Bearer \(try reference.resolve(environment: environment))")
            } catch {
                return .failure(.init(status: .failed, message: "\(error)"))
            }
        } else if let credentials = endpoint.credentials {
            headers.add(name: "Authorization", value: credentials.authorization)
        }
        return .success(
            QueryRun(
                endpoint: endpoint, headers: headers, window: context.window,
                step: RangeStep.choose(for: context.window, configured: context.collector.step),
                runEnd: startedAt.addingTimeInterval(context.timeout), runLimit: context.timeout,
                maxBytes: context.maxBytes, clock: context.clock))
    }
}
