import AftermathCore

/// The median and 90th percentile of a set of durations (seconds). Percentiles interpolate
/// linearly between the two nearest ranks (the common "type 7" definition: the median of 1, 2, 3, 4
/// is 2.5), so small samples give the values a spreadsheet would.
public struct DurationStats: Sendable, Equatable, Encodable {
    /// How many values there were.
    public var count: Int
    /// nil without values.
    @NullWhenAbsent public var median: Double?
    @NullWhenAbsent public var p90: Double?

    /// The statistics of `values` (in any order).
    public init(_ values: [Double]) {
        let sorted = values.filter(\.isFinite).sorted()
        count = sorted.count
        median = Self.percentile(sorted, 0.5)
        p90 = Self.percentile(sorted, 0.9)
    }

    /// The `p` quantile (0…1) of already sorted values, rounded to milliseconds; nil when empty.
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double? {
        guard let first = sorted.first else { return nil }
        guard sorted.count > 1 else { return first }
        let h = Double(sorted.count - 1) * min(1, max(0, p))
        let lower = Int(h.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let value = sorted[lower] + (h - Double(lower)) * (sorted[upper] - sorted[lower])
        return (value * 1000).rounded() / 1000
    }
}
