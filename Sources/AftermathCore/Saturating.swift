import Foundation

/// Floating point to integer without a trap: Swift's `Int(_: Double)` crashes the process on NaN,
/// ±∞ or anything out of range, and every such value here can come from a payload or a clock.
extension FixedWidthInteger {
    /// `value` rounded toward zero, clamped to `min…max`; NaN becomes 0.
    public init(saturating value: Double) {
        if value.isNaN {
            self = 0
        } else if value <= Double(Self.min) {
            self = .min
        } else if value >= Double(Self.max) {
            // Double(Int64.max) rounds up to 2^63, so `>=` also catches the values that would trap.
            self = .max
        } else {
            self.init(value)
        }
    }
}

extension Duration {
    /// `seconds` as a Duration, clamped to 0…100 years (NaN is 0): `Duration.seconds(_: Double)`
    /// traps beyond about 10^20 s, and sleeps and deadlines never need more than this.
    public static func saturatingSeconds(_ seconds: Double) -> Duration {
        let limit = 100 * 365.25 * 86_400.0
        guard !seconds.isNaN, seconds > 0 else { return .zero }
        return .nanoseconds(Int64(saturating: (min(seconds, limit) * 1e9).rounded()))
    }
}

extension TimeInterval {
    /// Nanoseconds for `Task.sleep(nanoseconds:)`: negative and NaN become 0, huge values saturate.
    public var sleepNanoseconds: UInt64 {
        UInt64(saturating: (self * 1e9).rounded())
    }
}
