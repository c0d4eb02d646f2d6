import AftermathCore
import Archive
import Foundation

/// Month-by-month lines drawn by the evidence pages' `MetricChart` (one chart code for the whole
/// site): each line becomes a series named after what it measures (`…_seconds` picks the unit).
enum TrendChart {
    /// One line: its metric-style name and one value per month (nil: nothing that month).
    struct Line {
        var name: String
        var values: [Double?]
    }

    /// A `<figure>` with the lines over `months` (`YYYY-MM`, in order).
    static func render(title: String, months: [String], lines: [Line]) -> String {
        let times = months.map { monthStart($0) ?? .nan }
        let series = lines.map { line in
            MetricSeries(
                labels: ["__name__": line.name],
                points: zip(times, line.values).map { MetricPoint(t: $0, v: $1 ?? .nan) }, query: "", step: 0, sourceURL: "")
        }
        let finite = times.filter(\.isFinite)
        let window = finite.first.flatMap { first in
            finite.last.map { DateInterval(start: Date(timeIntervalSince1970: first), end: Date(timeIntervalSince1970: max(first, $0))) }
        }
        return MetricChart().render(title: title, series: series, window: window, marks: ChartMarks())
    }

    /// Unix seconds of `2026-03-01T00:00:00Z` for `2026-03`.
    static func monthStart(_ month: String) -> Double? {
        let parts = month.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) else { return nil }
        return Double(Timestamp.daysFromCivil(year: year, month: m, day: 1) * 86_400)
    }
}
