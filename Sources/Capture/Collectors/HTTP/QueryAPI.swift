import AftermathCore
import Archive
import Foundation
import NIOHTTP1
import Settings

/// What the query-API collectors (prometheus, loki) share: one run's endpoint and request headers,
/// decided once, its deadline, byte cap and clock, and its queries run a few at a time.
struct QueryAPI: Sendable {
    /// The configuration section, `prometheus` or `loki`: errors name its keys.
    var section: String
    var endpoint: EndpointURL
    var headers: HTTPHeaders
    var window: DateInterval
    /// Per request (`<section>.timeout`).
    var requestTimeout: TimeInterval
    var runEnd: Date
    var runLimit: TimeInterval
    var maxBytes: Int
    /// The capture's clock.
    var clock: any WallClock
    var fetcher: BodyFetcher

    /// Queries run at once against one server.
    static let concurrentQueries = 4

    /// The server's settings, as a collector's configuration holds them.
    struct Server {
        var section: String
        var url: String?
        var timeout: TimeInterval
        var bearerToken: SecretReference?
        /// Sent with every request besides `Accept` and `Authorization`.
        var extraHeaders: [(String, String)] = []
    }

    /// One item per planned query, in order: `item` for each, a few at a time, or every query's
    /// `unusableItem` when the server cannot be asked (no URL, an unresolvable token).
    static func collect(
        _ planned: [PlannedQuery], kind: EvidenceKind, server: Server, fetcher: BodyFetcher, environment: [String: String],
        context: CaptureContext, item: @escaping @Sendable (PlannedQuery, QueryAPI) async -> CollectedItem
    ) async -> [CollectedItem] {
        let started = context.clock.now()
        guard !planned.isEmpty else { return [] }
        let api: QueryAPI
        switch prepare(server, fetcher: fetcher, environment: environment, context: context, startedAt: started) {
        case .success(let prepared):
            api = prepared
        case .failure(let problem):
            return planned.map { $0.unusableItem(kind: kind, problem: problem, at: started, finishedAt: context.clock.now()) }
        }
        return await QueryFanOut.map(planned, limit: concurrentQueries) { query in
            if let problem = query.problem {
                let now = api.clock.now()
                return query.unusableItem(kind: kind, problem: problem, at: now, finishedAt: api.clock.now())
            }
            return await item(query, api)
        }
    }

    /// The endpoint and request headers; or why no query can run.
    static func prepare(
        _ server: Server, fetcher: BodyFetcher, environment: [String: String], context: CaptureContext, startedAt: Date
    ) -> Result<QueryAPI, PlannedQuery.Problem> {
        let endpoint: EndpointURL
        switch EndpointURL.configured(server.url, key: "\(server.section).url") {
        case .success(let url): endpoint = url
        case .failure(let problem): return .failure(problem)
        }
        var headers = HTTPHeaders([("Accept", "application/json")] + server.extraHeaders)
        if let reference = server.bearerToken {
            do {
                headers.add(name: "Authorization", value: "Bearer \(try reference.resolve(environment: environment))")
            } catch {
                return .failure(.init(status: .failed, message: "\(error)"))
            }
        } else if let credentials = endpoint.credentials {
            headers.add(name: "Authorization", value: credentials.authorization)
        }
        return .success(
            QueryAPI(
                section: server.section, endpoint: endpoint, headers: headers, window: context.window,
                requestTimeout: server.timeout, runEnd: startedAt.addingTimeInterval(context.timeout),
                runLimit: context.timeout, maxBytes: context.maxBytes, clock: context.clock, fetcher: fetcher))
    }

    /// GETs `url` within the earlier of the request timeout and the run's end, and reads the answer
    /// as a list of `Element`s (see `APIAnswer.payload`).
    func answer<Element: APIResult>(
        _ url: String, of element: Element.Type, api: String, unit: String, hint: String = ""
    ) async -> Result<(payload: APIEnvelope<Element>.Payload, response: FetchedResponse), PlannedQuery.Problem> {
        let deadline = FetchDeadline.earlier(
            timeout: requestTimeout, key: "\(section).timeout", runEnd: runEnd, runLimit: runLimit, clock: clock)
        switch await fetcher.get(url, headers: headers, deadline: deadline, maxBytes: maxBytes) {
        case .success(let response):
            return APIAnswer.payload(response, of: element, api: api, unit: unit, maxBytes: maxBytes, hint: hint).map { ($0, response) }
        case .failure(let failure):
            return .failure(PlannedQuery.Problem(status: failure.status, message: failure.reason))
        }
    }

    /// An item's error: the query, the server, and what went wrong.
    func error(_ message: String, running planned: PlannedQuery) -> String {
        "query '\(planned.query)' against \(endpoint.base): \(message)"
    }
}
