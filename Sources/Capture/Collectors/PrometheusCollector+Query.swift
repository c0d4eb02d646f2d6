import Archive
import Foundation

extension PrometheusCollector {
    /// Runs one planned query as `GET /api/v1/query_range` and turns the answer into an item.
    func item(for planned: PlannedQuery, in run: QueryRun) async -> CollectedItem {
        let started = run.clock.now()
        if let problem = planned.problem {
            return planned.unusableItem(kind: .metrics, problem: problem, at: started, finishedAt: run.clock.now())
        }
        // Milliseconds, rounded inwards: every point Prometheus returns lies inside the window.
        let start = String(format: "%.3f", (run.window.start.timeIntervalSince1970 * 1000).rounded(.up) / 1000)
        let end = String(format: "%.3f", (run.window.end.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
        let step = RangeStep.format(run.step)
        let url = run.endpoint.apiURL(
            path: "/api/v1/query_range", query: [("query", planned.query), ("start", start), ("end", end), ("step", step)])
        let request = ["query": planned.query, "step": step, "start": start, "end": end, "url": url]
        func item(_ status: EvidenceStatus, _ error: String?, _ series: [MetricSeries] = []) -> CollectedItem {
            CollectedItem(
                kind: .metrics, name: planned.name, request: request, status: status,
                error: error.map { "query '\(planned.query)' against \(run.endpoint.base): \($0)" },
                series: series, startedAt: started, finishedAt: run.clock.now())
        }
        let deadline = FetchDeadline.earlier(
            timeout: config.timeout, key: "prometheus.timeout", runEnd: run.runEnd, runLimit: run.runLimit, clock: run.clock)
        let response: FetchedResponse
        switch await fetcher.get(url, headers: run.headers, deadline: deadline, maxBytes: run.maxBytes) {
        case .success(let fetched): response = fetched
        case .failure(let failure): return item(failure.status, failure.reason)
        }
        let data: PrometheusMatrixResponse.Payload
        switch APIAnswer.payload(
            response, as: PrometheusMatrixResponse.self, resultType: "matrix", api: "Prometheus", unit: "series", maxBytes: run.maxBytes
        ) {
        case .success(let payload): data = payload
        case .failure(let problem): return item(problem.status, problem.message)
        }
        let series = data.result.prefix(maxSeries).map {
            MetricSeries(
                labels: $0.metric, points: $0.values.map { MetricPoint(t: $0.time, v: $0.number) },
                query: planned.query, step: run.step, sourceURL: url)
        }
        var caps: [String] = []
        if response.truncated {
            let points = series.reduce(0) { $0 + $1.points.count }
            caps.append(
                "response body over max_bytes (\(run.maxBytes) bytes): kept the \(series.count) series (\(points) points) that arrived before the cap")
        }
        if data.result.count > maxSeries {
            caps.append("\(data.result.count) series, over the cap of \(maxSeries) per query: kept the first \(maxSeries)")
        }
        return caps.isEmpty ? item(.ok, nil, series) : item(.truncated, caps.joined(separator: "; "), series)
    }
}
