import Archive
import Foundation

extension PrometheusCollector {
    /// Runs one planned query as `GET /api/v1/query_range` and turns the answer into an item.
    func item(for planned: PlannedQuery, in api: QueryAPI, step: TimeInterval) async -> CollectedItem {
        let started = api.clock.now()
        // Milliseconds, rounded inwards: every point Prometheus returns lies inside the window.
        let start = String(format: "%.3f", (api.window.start.timeIntervalSince1970 * 1000).rounded(.up) / 1000)
        let end = String(format: "%.3f", (api.window.end.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
        let stepText = RangeStep.format(step)
        let url = api.endpoint.apiURL(
            path: "/api/v1/query_range", query: [("query", planned.query), ("start", start), ("end", end), ("step", stepText)])
        let request = ["query": planned.query, "step": stepText, "start": start, "end": end, "url": url]
        func item(_ status: EvidenceStatus, _ error: String?, _ series: [MetricSeries] = []) -> CollectedItem {
            CollectedItem(
                header: EvidenceHeader(
                    kind: .metrics, name: planned.name, request: request, status: status,
                    error: error.map { api.error($0, running: planned) }),
                series: series, startedAt: started, finishedAt: api.clock.now())
        }
        let data: APIEnvelope<PrometheusSeries>.Payload
        let response: FetchedResponse
        switch await api.answer(url, of: PrometheusSeries.self, api: "Prometheus", unit: "series") {
        case .failure(let problem): return item(problem.status, problem.message)
        case .success(let answer): (data, response) = answer
        }
        let series = data.result.prefix(maxSeries).map {
            MetricSeries(
                labels: $0.metric, points: $0.values.map { MetricPoint(t: $0.time, v: $0.number) },
                query: planned.query, step: step, sourceURL: url)
        }
        var caps: [String] = []
        if response.truncated {
            let points = series.reduce(0) { $0 + $1.points.count }
            caps.append(
                "response body over max_bytes (\(api.maxBytes) bytes): kept the \(series.count) series (\(points) points) that arrived before the cap")
        }
        if data.result.count > maxSeries {
            caps.append("\(data.result.count) series, over the cap of \(maxSeries) per query: kept the first \(maxSeries)")
        }
        return caps.isEmpty ? item(.ok, nil, series) : item(.truncated, caps.joined(separator: "; "), series)
    }
}
