import Archive
import Foundation
import Testing
@testable import Site

/// Inline SVG charts drawn from stored series.
@Suite("Metric charts")
struct MetricChartTests {
    let start = 1_795_000_000.0  // 2026-11-18T11:06:40Z

    func series(_ labels: [String: String], _ values: [Double], query: String = "node_memory_MemAvailable_bytes") -> MetricSeries {
        MetricSeries(labels: labels, points: values.enumerated().map { MetricPoint(t: start + Double($0.offset) * 60, v: $0.element) },
                     query: query, step: 60, sourceURL: "http://prometheus:9090/api/v1/query_range")
    }

    @Test("Units are guessed from metric names and queries", arguments: [
        ("node_memory_MemAvailable_bytes", MetricUnit.bytes), ("rate(node_network_receive_bytes_total[5m])", .bytesPerSecond),
        ("histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job=\"api\"}[5m])))", .seconds),
        ("rate(node_cpu_seconds_total{mode=\"user\"}[5m])", .ratio), ("process_cpu_usage_ratio", .ratio),
        ("sum(rate(http_requests_total{code=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))", .ratio),
        ("rate(http_requests_total[1m])", .perSecond), ("up", .none),
    ])
    func units(query: String, unit: MetricUnit) {
        #expect(MetricUnit.guess(metricName: "", query: query) == unit, "\(query)")
    }

    @Test("Value ticks use 1-2-5 steps in the unit's scale")
    func valueTicks() {
        let bytes = ChartAxis.valueTicks(low: 0, high: 3.2 * 1024 * 1024 * 1024, unit: .bytes)
        #expect(bytes.ticks.map(\.label) == ["0 GiB", "1 GiB", "2 GiB", "3 GiB", "4 GiB"])
        let ratio = ChartAxis.valueTicks(low: 0, high: 0.12, unit: .ratio)
        #expect(ratio.ticks.first?.label == "0%")
        #expect(ratio.ticks.last?.label == "15%")
        let seconds = ChartAxis.valueTicks(low: 0, high: 0.35, unit: .seconds)
        #expect(seconds.ticks.map(\.label) == ["0 ms", "100 ms", "200 ms", "300 ms", "400 ms"])
        let flat = ChartAxis.valueTicks(low: 5, high: 5, unit: .none)
        #expect(flat.low < 5 && flat.high > 5)
    }

    @Test("Time ticks are whole UTC steps")
    func timeTicks() {
        let ticks = ChartAxis.timeTicks(start: start, end: start + 3600)
        #expect(ticks.map(\.label) == ["11:10", "11:20", "11:30", "11:40", "11:50", "12:00"])
        let days = ChartAxis.timeTicks(start: start, end: start + 3 * 86_400)
        #expect(days.first?.label.hasPrefix("11-") == true)
    }

    @Test("The chart has both axes, one line per series, a legend, the incident window and alert marks")
    func chart() {
        let a = series(["__name__": "node_memory_MemAvailable_bytes", "instance": "web-1"], [1e9, 1.2e9, .nan, 1.1e9, 9e8])
        let b = series(["__name__": "node_memory_MemAvailable_bytes", "instance": "web-2"], [2e9, 2.1e9, 2.2e9, .infinity, 2e9])
        let marks = ChartMarks(
            incidentStart: Date(timeIntervalSince1970: start + 60), incidentEnd: Date(timeIntervalSince1970: start + 180),
            alerts: [.init(name: "MemoryLow <b>", start: Date(timeIntervalSince1970: start + 60), end: Date(timeIntervalSince1970: start + 180))])
        let svg = MetricChart().render(title: "memory <&>", series: [a, b], window: nil, marks: marks)
        #expect(svg.contains("<figcaption>memory &lt;&amp;&gt;</figcaption>"))
        #expect(svg.contains("<g class=\"axis axis-y\">"))
        #expect(svg.contains(">2.0 GiB</text>"))
        #expect(svg.contains(">bytes</text>"))
        #expect(svg.contains("<g class=\"axis axis-x\">"))
        #expect(svg.contains(">11:07</text>") && svg.contains(">11:10</text>"))
        #expect(svg.contains(">time (UTC)</text>"))
        #expect(svg.components(separatedBy: "<path class=\"line s").count == 3)
        // NaN and +Inf break the line into segments: two moves per series.
        let paths = svg.components(separatedBy: " d=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(paths.allSatisfy { $0.filter { $0 == "M" }.count == 2 })
        #expect(svg.contains("<ul class=\"legend\">"))
        #expect(svg.contains("instance=&quot;web-1&quot;"))
        #expect(svg.contains("instance=&quot;web-2&quot;"))
        #expect(svg.contains("<rect class=\"incident-window\""))
        #expect(svg.contains("class=\"mark alert-start\""))
        #expect(svg.contains("class=\"mark alert-end\""))
        #expect(svg.contains("MemoryLow &lt;b&gt; fired 2026-11-18 11:07:40 UTC"))
        #expect(!svg.contains("<b>"))
        #expect(!svg.contains("NaN"))
        #expect(!svg.contains("inf"))
    }

    @Test("Series without samples say so instead of drawing")
    func empty() {
        let svg = MetricChart().render(title: "q", series: [series([:], [])], window: nil, marks: ChartMarks())
        #expect(svg.contains("No samples"))
        #expect(!svg.contains("<svg"))
    }
}
