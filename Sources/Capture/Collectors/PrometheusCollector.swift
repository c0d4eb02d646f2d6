import AftermathCore
import Archive
import AsyncHTTPClient
import Foundation
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
        let server = QueryAPI.Server(section: "prometheus", url: config.url, timeout: config.timeout, bearerToken: config.bearerToken)
        let step = RangeStep.choose(for: context.window, configured: context.collector.step)
        return await QueryAPI.collect(
            Self.plan(context), kind: .metrics, server: server, fetcher: fetcher, environment: environment, context: context
        ) { query, api in
            await self.item(for: query, in: api, step: step)
        }
    }
}
