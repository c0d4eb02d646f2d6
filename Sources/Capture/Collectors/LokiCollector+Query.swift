import AftermathCore
import Archive
import Foundation

extension LokiCollector {
    /// Runs one planned LogQL query as `GET /loki/api/v1/query_range` and turns the answer into an item.
    func item(for planned: PlannedQuery, in api: QueryAPI, maxLines: Int) async -> CollectedItem {
        let started = api.clock.now()
        let start = String(Self.nanoseconds(api.window.start))
        let end = String(Self.nanoseconds(api.window.end))
        let limit = String(maxLines)
        let url = api.endpoint.apiURL(
            path: "/loki/api/v1/query_range",
            query: [("query", planned.query), ("start", start), ("end", end), ("limit", limit), ("direction", "forward")])
        let request = [
            "query": planned.query, "start": start, "end": end, "limit": limit, "direction": "forward", "url": url,
        ]
        func item(_ status: EvidenceStatus, _ error: String?, _ lines: [LogLine] = []) -> CollectedItem {
            CollectedItem(
                header: EvidenceHeader(
                    kind: .log, name: planned.name, request: request, status: status,
                    error: error.map { api.error($0, running: planned) }),
                text: lines.map(\.text).joined(separator: "\n"), lines: lines, startedAt: started, finishedAt: api.clock.now())
        }
        switch await api.answer(url, of: LokiStream.self, api: "Loki", unit: "line", hint: ": metric queries belong in a prometheus collector") {
        case .failure(let problem):
            return item(problem.status, problem.message)
        case .success(let (data, response)):
            let kept = LokiLines.keep(
                LokiLines.inTimeOrder(data.result), maxLines: maxLines, maxBytes: api.maxBytes,
                bodyTruncated: response.truncated)
            return item(kept.caps.isEmpty ? .ok : .truncated, kept.caps.isEmpty ? nil : kept.caps.joined(separator: "; "), kept.lines)
        }
    }

    /// `date` as Unix nanoseconds.
    static func nanoseconds(_ date: Date) -> Int64 {
        Int64(saturating: (date.timeIntervalSince1970 * 1e9).rounded())
    }
}
