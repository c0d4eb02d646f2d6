import Foundation

extension Date {
    /// A Unix time in milliseconds.
    init(unixMilliseconds ms: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(ms / 1000) + TimeInterval(ms % 1000) / 1000)
    }

    /// A Unix time in nanoseconds.
    init(unixNanoseconds ns: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(ns / 1_000_000_000) + TimeInterval(ns % 1_000_000_000) / 1e9)
    }
}
