import AftermathCore
import Archive
import AsyncHTTPClient
import Foundation
import NIOHTTP1
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

    /// Queries run at once against one Loki.
    static let concurrentQueries = 4

    /// A collector over `config`, resolving the bearer token from `environment`.
    public init(config: LokiConfig, client: HTTPClient, environment: [String: String]) {
        self.config = config
        self.fetcher = BodyFetcher(client: client)
        self.environment = environment
    }

    /// One item per configured query, in configuration order.
    public func collect(_ context: CaptureContext) async -> [CollectedItem] {
        let started = context.clock.now()
        let planned = PlannedQuery.fromTemplates(context.collector.queries, labels: context.labels)
        guard !planned.isEmpty else { return [] }
        let run: QueryRun
        switch prepare(context, startedAt: started) {
        case .success(let prepared):
            run = prepared
        case .failure(let problem):
            return planned.map { $0.unusableItem(kind: .log, problem: problem, at: started, finishedAt: context.clock.now()) }
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
        var runEnd: Date
        var runLimit: TimeInterval
        var maxBytes: Int
        var maxLines: Int
        /// The capture's clock.
        var clock: any WallClock
    }

    /// The endpoint and request headers; or why no query can run.
    func prepare(_ context: CaptureContext, startedAt: Date) -> Result<QueryRun, PlannedQuery.Problem> {
        let endpoint: EndpointURL
        switch EndpointURL.configured(config.url, key: "loki.url") {
        case .success(let url): endpoint = url
        case .failure(let problem): return .failure(problem)
        }
        var headers = HTTPHeaders([("Accept", "application/json")])
        if let orgID = config.orgID, !orgID.isEmpty {
            headers.add(name: "X-Scope-OrgID", value: orgID)
        }
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
                runEnd: startedAt.addingTimeInterval(context.timeout), runLimit: context.timeout,
                maxBytes: context.maxBytes, maxLines: max(context.maxLines, 1), clock: context.clock))
    }
}
