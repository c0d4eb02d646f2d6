import Foundation

/// When a captured metric series first signalled trouble: crossing the threshold its query states
/// (`… > 5`), or, for a plain query, leaving its baseline for at least two samples in a row. The
/// baseline is the median of the earlier half of the samples taken before the alert fired; the
/// band around it is three robust deviations (1.4826 × MAD) or half the median, whichever is wider.
public enum SeriesDeparture {
    /// The moment found, with the value then and the baseline it left (nil for a threshold crossing).
    public struct Found: Sendable, Equatable {
        public var at: Double
        public var value: Double
        public var baseline: Double?
    }

    /// The first departure of `points` (unix seconds, value), in time order.
    public static func first(_ points: [(t: Double, v: Double)], condition: AlertCondition?, alertFiredAt: Double) -> Found? {
        let samples = points.filter { $0.t.isFinite && $0.v.isFinite }.sorted { $0.t < $1.t }
        if let condition {
            return samples.first { condition.holds($0.v) }.map { Found(at: $0.t, value: $0.v, baseline: nil) }
        }
        let before = samples.filter { $0.t < alertFiredAt }
        let baselineSamples = Array(before.prefix(before.count / 2))
        guard baselineSamples.count >= 3 else { return nil }
        let median = Self.median(baselineSamples.map(\.v))
        let deviation = Self.median(baselineSamples.map { abs($0.v - median) }) * 1.4826
        let band = max(3 * deviation, 0.5 * abs(median), 1e-9)
        let rest = samples.dropFirst(baselineSamples.count)
        var previousOutside: (t: Double, v: Double)?
        for sample in rest {
            if abs(sample.v - median) > band {
                if let start = previousOutside { return Found(at: start.t, value: start.v, baseline: median) }
                previousOutside = sample
            } else {
                previousOutside = nil
            }
        }
        return nil
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}

/// A captured metric series that signalled trouble before the alert's own expression did.
public struct MetricIndicator: Sendable, Equatable {
    /// The metrics evidence item.
    public var evidenceID: String
    /// The query that produced the series, and the series' labels (`{code="500"}`).
    public var query: String
    public var series: String
    /// When it crossed or left its baseline, and how.
    public var at: Date
    public var how: String

    /// `{code="500", service="api"}` (labels sorted, `__name__` first and bare).
    public static func label(_ labels: [String: String]) -> String {
        var rest = labels
        let name = rest.removeValue(forKey: "__name__") ?? ""
        let inner = rest.keys.sorted().map { "\($0)=\"\(rest[$0] ?? "")\"" }.joined(separator: ", ")
        return inner.isEmpty ? (name.isEmpty ? "{}" : name) : "\(name){\(inner)}"
    }
}
