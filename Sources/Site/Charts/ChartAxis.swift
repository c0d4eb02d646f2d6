import AftermathCore
import Foundation

/// Tick positions and labels for chart axes.
public enum ChartAxis {
    /// One tick: where it is (in data units) and its label.
    public struct Tick: Sendable, Equatable {
        /// Position in data units.
        public var value: Double
        /// Text shown at the tick.
        public var label: String
    }

    static let timeSteps: [Double] = [
        1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800,
    ]

    /// UTC time ticks between `start` and `end` (unix seconds), at most about `maxTicks`, aligned to
    /// whole steps; labels are `HH:MM` (`HH:MM:SS` under a minute, `MM-DD HH:MM` across days).
    public static func timeTicks(start: Double, end: Double, maxTicks: Int = 7) -> [Tick] {
        guard end > start, start.isFinite, end.isFinite else { return [] }
        if end - start > 45 * 86_400 { return monthTicks(start: start, end: end, maxTicks: maxTicks) }
        let span = end - start
        let step = timeSteps.first { span / $0 <= Double(maxTicks) } ?? (span / Double(maxTicks)).rounded(.up)
        var t = (start / step).rounded(.up) * step
        var ticks: [Tick] = []
        let multiDay = span > 86_400 || Int(saturating: floor(start / 86_400)) != Int(saturating: floor(end / 86_400))
        while t <= end + 1e-9, ticks.count < 100 {
            ticks.append(Tick(value: t, label: timeLabel(t, seconds: step < 60, withDate: multiDay && step >= 3600)))
            t += step
        }
        return ticks
    }

    /// Month starts (UTC) labelled `YYYY-MM`, every 1, 2, 3, 6 or 12 months: spans over 45 days
    /// (insights trends) read in months, not in weeks of `MM-DD HH:MM`.
    static func monthTicks(start rawStart: Double, end rawEnd: Double, maxTicks: Int) -> [Tick] {
        // Absurd values (hostile sender times) are clamped first, so no conversion can trap.
        let start = Timestamp.representable(rawStart), end = Timestamp.representable(rawEnd)
        func days(_ t: Double) -> Int { Int(saturating: floor(t / 86_400)) }
        let first = Timestamp.civilFromDays(days(start))
        var y = first.0, m = first.1
        if first.2 != 1 || Double(days(start) * 86_400) < start { m += 1; if m > 12 { m = 1; y += 1 } }
        let (ey, em, _) = Timestamp.civilFromDays(days(end))
        let count = (ey - y) * 12 + (em - m) + 1
        let every = [1, 2, 3, 6, 12].first { (count + $0 - 1) / $0 <= max(1, maxTicks) } ?? max(1, count / max(1, maxTicks))
        var ticks: [Tick] = []
        var k = 0
        while ticks.count < 100 {
            let month = (m - 1 + k) % 12 + 1, year = y + (m - 1 + k) / 12
            let t = Double(Timestamp.daysFromCivil(year: year, month: month, day: 1) * 86_400)
            if t > end + 1e-9 { break }
            ticks.append(Tick(value: t, label: Timestamp.pad(year, 4) + "-" + Timestamp.pad(month)))
            k += every
        }
        return ticks
    }

    /// `HH:MM`, with `:SS` or a leading `MM-DD` when asked.
    static func timeLabel(_ t: Double, seconds: Bool, withDate: Bool) -> String {
        let whole = Int(saturating: floor(Timestamp.representable(t)))
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let secOfDay = whole - days * 86_400
        var label = Timestamp.pad(secOfDay / 3600) + ":" + Timestamp.pad(secOfDay / 60 % 60)
        if seconds { label += ":" + Timestamp.pad(secOfDay % 60) }
        if withDate {
            let (_, m, d) = Timestamp.civilFromDays(days)
            label = Timestamp.pad(m) + "-" + Timestamp.pad(d) + " " + label
        }
        return label
    }

    /// Value ticks covering `[low, high]` at 1-2-5 steps in the unit's scale, and the axis range
    /// they span (the range grows to the outer ticks).
    public static func valueTicks(low: Double, high: Double, unit: MetricUnit, maxTicks: Int = 5) -> (ticks: [Tick], low: Double, high: Double) {
        var lo = low, hi = high
        if !lo.isFinite || !hi.isFinite { lo = 0; hi = 1 }
        if hi < lo { swap(&lo, &hi) }
        if hi == lo {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
            if low >= 0, lo < 0 { lo = 0 }
        }
        let scale = unit.scale(for: max(abs(lo), abs(hi)))
        let slo = lo / scale.divisor, shi = hi / scale.divisor
        let step = niceStep((shi - slo) / Double(maxTicks))
        let first = (slo / step).rounded(.down) * step
        let last = (shi / step).rounded(.up) * step
        var ticks: [Tick] = []
        var v = first
        while v <= last + step * 1e-6, ticks.count < 50 {
            let clean = abs(v) < step * 1e-9 ? 0 : v
            ticks.append(Tick(value: clean * scale.divisor, label: format(clean, step: step) + scale.suffix))
            v += step
        }
        return (ticks, first * scale.divisor, last * scale.divisor)
    }

    /// The 1-2-5 × 10ⁿ step at or above `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let exponent = floor(log10(raw))
        let base = pow(10, exponent)
        let fraction = raw / base
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * base
    }

    /// A tick label with as many decimals as the step needs.
    static func format(_ value: Double, step: Double) -> String {
        let decimals = step >= 1 ? 0 : min(6, Int(saturating: ceil(-log10(step))))
        if abs(value) >= 1e6, decimals == 0 { return String(format: "%.3g", value) }
        return String(format: "%.\(decimals)f", value)
    }
}
