import AftermathCore
import Archive
import Foundation

extension LokiCollector {
    /// Runs one planned LogQL query as `GET /loki/api/v1/query_range` and turns the answer into an item.
    func item(for planned: PlannedQuery, in run: QueryRun) async -> CollectedItem {
        let started = run.clock.now()
        if let problem = planned.problem {
            return planned.unusableItem(kind: .log, problem: problem, at: started, finishedAt: run.clock.now())
        }
        let start = String(Self.nanoseconds(run.window.start))
        let end = String(Self.nanoseconds(run.window.end))
        let limit = String(run.maxLines)
        let url = run.endpoint.apiURL(
            path: "/loki/api/v1/query_range",
            query: [("query", planned.query), ("start", start), ("end", end), ("limit", limit), ("direction", "forward")])
        let request = [
            "query": planned.query, "start": start, "end": end, "limit": limit, "direction": "forward", "url": url,
        ]
        func item(_ status: EvidenceStatus, _ error: String?, _ lines: [LogLine] = []) -> CollectedItem {
            CollectedItem(
                kind: .log, name: planned.name, request: request, status: status,
                error: error.map { "query '\(planned.query)' against \(run.endpoint.base): \($0)" },
                text: lines.map(\.text).joined(separator: "\n"), lines: lines, startedAt: started, finishedAt: run.clock.now())
        }
        let deadline = FetchDeadline.earlier(
            timeout: config.timeout, key: "loki.timeout", runEnd: run.runEnd, runLimit: run.runLimit, clock: run.clock)
        let response: FetchedResponse
        switch await fetcher.get(url, headers: run.headers, deadline: deadline, maxBytes: run.maxBytes) {
        case .success(let fetched): response = fetched
        case .failure(let failure): return item(failure.status, failure.reason)
        }
        let data: LokiStreamsResponse.Payload
        switch APIAnswer.payload(
            response, as: LokiStreamsResponse.self, resultType: "streams", api: "Loki", unit: "line", maxBytes: run.maxBytes,
            hint: ": metric queries belong in a prometheus collector"
        ) {
        case .success(let payload): data = payload
        case .failure(let problem): return item(problem.status, problem.message)
        }
        let kept = LokiLines.keep(
            LokiLines.inTimeOrder(data.result), maxLines: run.maxLines, maxBytes: run.maxBytes,
            bodyTruncated: response.truncated)
        return item(kept.caps.isEmpty ? .ok : .truncated, kept.caps.isEmpty ? nil : kept.caps.joined(separator: "; "), kept.lines)
    }

    /// `date` as Unix nanoseconds.
    static func nanoseconds(_ date: Date) -> Int64 {
        Int64(saturating: (date.timeIntervalSince1970 * 1e9).rounded())
    }
}
