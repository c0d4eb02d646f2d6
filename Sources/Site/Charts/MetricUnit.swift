import Archive
import Foundation

/// What a metric's values measure, guessed from Prometheus naming conventions (`_bytes`,
/// `_seconds`, `_ratio`, `_percent`, and `rate()` over `_total` counters).
public enum MetricUnit: String, Sendable, Equatable {
    case bytes, bytesPerSecond, seconds, ratio, percent, perSecond, none

    /// The unit of `series` from its `__name__` label, else from the metric names in its query.
    public static func guess(_ series: MetricSeries) -> MetricUnit {
        let name = series.labels["__name__"] ?? ""
        return guess(metricName: name, query: series.query)
    }

    /// The unit for a metric name and the query that produced it.
    public static func guess(metricName: String, query: String) -> MetricUnit {
        let isRate = query.contains("rate(") || query.contains("deriv(")
        let names = metricName.isEmpty ? identifiers(in: query) : [metricName]
        // rate(a_total) / rate(b_total): a dimensionless share (error ratio), shown in percent.
        if isRate, metricName.isEmpty, query.contains("/"), !names.isEmpty, names.allSatisfy({ $0.hasSuffix("_total") }) {
            return .ratio
        }
        for raw in names {
            var name = raw.lowercased()
            for suffix in ["_bucket", "_sum", "_count", "_total", "_created"] where name.hasSuffix(suffix) {
                if suffix == "_count" || suffix == "_created" { break }
                name.removeLast(suffix.count)
                break
            }
            if name.hasSuffix("_bytes") { return isRate ? .bytesPerSecond : .bytes }
            if name.hasSuffix("_seconds") { return isRate && raw.hasSuffix("_total") ? .ratio : .seconds }
            if name.hasSuffix("_ratio") { return .ratio }
            if name.hasSuffix("_percent") || name.hasSuffix("_pct") { return .percent }
        }
        if isRate, names.contains(where: { $0.hasSuffix("_total") }) { return .perSecond }
        return .none
    }

    /// Identifiers in a PromQL expression that look like metric names (contain `_`, not functions).
    static func identifiers(in query: String) -> [String] {
        var out: [String] = []
        var current = ""
        var inString = false
        var inBraces = false
        func flush(_ next: Character?) {
            defer { current = "" }
            guard current.contains("_"), next != "(", !inBraces, let first = current.first, !first.isNumber else { return }
            out.append(current)
        }
        for ch in query {
            if ch == "\"" { inString.toggle(); current = ""; continue }
            if inString { continue }
            if ch.isLetter || ch.isNumber || ch == "_" || ch == ":" {
                current.append(ch)
                continue
            }
            flush(ch)
            if ch == "{" { inBraces = true } else if ch == "}" { inBraces = false }
        }
        flush(nil)
        return out
    }

    /// The axis caption.
    public var caption: String {
        switch self {
        case .bytes: "bytes"
        case .bytesPerSecond: "bytes/s"
        case .seconds: "seconds"
        case .ratio, .percent: "percent"
        case .perSecond: "per second"
        case .none: ""
        }
    }

    /// How values are scaled for ticks in this unit, given the largest magnitude on the axis.
    func scale(for magnitude: Double) -> (divisor: Double, suffix: String) {
        switch self {
        case .bytes, .bytesPerSecond:
            let per = self == .bytesPerSecond ? "/s" : ""
            let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"]
            var divisor = 1.0
            var i = 0
            while magnitude / divisor >= 1024, i < units.count - 1 { divisor *= 1024; i += 1 }
            return (divisor, " " + units[i] + per)
        case .seconds:
            if magnitude > 0, magnitude < 1 { return (0.001, " ms") }
            if magnitude >= 7200 { return (3600, " h") }
            return (1, " s")
        case .ratio: return (0.01, "%")
        case .percent: return (1, "%")
        case .perSecond: return (1, "/s")
        case .none: return (1, "")
        }
    }
}
