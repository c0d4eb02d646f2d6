import AftermathCore
import Archive
import AsyncHTTPClient
import Foundation
import Settings

/// `kind: loki`: LogQL log queries over the incident window, stored as timestamped lines.
///
/// Reads `loki.url`, `loki.timeout` (per request), `loki.org_id` (sent as `X-Scope-OrgID`),
/// `loki.bearer_token_*`, and the collector's `query` (with `{{labels.NAME}}` escaped for a LogQL
/// string) and `max_lines`. Each query is one `GET /loki/api/v1/query_range` with
/// `direction=forward&limit=<max_lines>` and becomes one `.log` item whose lines are in time order
/// across streams. Nothing throws: every failure is an item with its status and exact error.
public struct LokiCollector: EvidenceCollector {
    let config: LokiConfig
    let fetcher: BodyFetcher
    let environment: [String: String]

    /// A collector over `config`, resolving the bearer token from `environment`.
    public init(config: LokiConfig, client: HTTPClient, environment: [String: String]) {
        self.config = config
        self.fetcher = BodyFetcher(client: client)
        self.environment = environment
    }

    /// One item per configured query, in configuration order.
    public func collect(_ context: CaptureContext) async -> [CollectedItem] {
        var extraHeaders: [(String, String)] = []
        if let orgID = config.orgID, !orgID.isEmpty { extraHeaders.append(("X-Scope-OrgID", orgID)) }
        let server = QueryAPI.Server(
            section: "loki", url: config.url, timeout: config.timeout, bearerToken: config.bearerToken, extraHeaders: extraHeaders)
        let maxLines = max(context.maxLines, 1)
        return await QueryAPI.collect(
            PlannedQuery.fromTemplates(context.collector.queries, labels: context.labels), kind: .log, server: server,
            fetcher: fetcher, environment: environment, context: context
        ) { query, api in
            await self.item(for: query, in: api, maxLines: maxLines)
        }
    }
}
