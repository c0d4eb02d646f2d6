import AftermathCore
import Foundation

/// The resolution of a `query_range` request: the configured `step`, or the smallest "nice" step
/// that keeps every series within Prometheus's 11,000-points limit.
enum RangeStep {
    /// Prometheus refuses a range query with more points than this per series.
    static let maxPointsPerSeries = 11_000

    /// Steps a person would pick, smallest first (seconds).
    static let niceSteps: [TimeInterval] = [
        1, 5, 15, 30, 60, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
    ]

    /// Points one series has over `duration` seconds at `step` (both ends included).
    static func points(over duration: TimeInterval, step: TimeInterval) -> Int {
        Int(saturating: (max(duration, 0) / step).rounded(.down)) &+ 1
    }

    /// The step for `window`: `configured` when set and within the limit, otherwise the smallest
    /// nice step within it (a configured step that is too fine is raised to that).
    static func choose(for window: DateInterval, configured: TimeInterval?) -> TimeInterval {
        if let configured, configured > 0, configured.isFinite,
            points(over: window.duration, step: configured) <= maxPointsPerSeries
        {
            return configured
        }
        return smallestNiceStep(for: window.duration)
    }

    /// The smallest nice step keeping `duration` within the limit; whole days beyond the list.
    static func smallestNiceStep(for duration: TimeInterval) -> TimeInterval {
        if let step = niceSteps.first(where: { points(over: duration, step: $0) <= maxPointsPerSeries }) {
            return step
        }
        let day: TimeInterval = 86400
        var days = (duration / Double(maxPointsPerSeries - 1) / day).rounded(.up)
        while points(over: duration, step: days * day) > maxPointsPerSeries { days += 1 }
        return days * day
    }

    /// Seconds as Prometheus reads them: `15`, or `0.5` when fractional (at most millisecond precision).
    static func format(_ seconds: TimeInterval) -> String {
        if seconds == seconds.rounded(), abs(seconds) < 1e15 { return String(Int64(seconds)) }
        var text = String(format: "%.3f", seconds)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
