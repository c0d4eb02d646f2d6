import Foundation
import Synchronization

/// What each long-running part of the server last said about itself, so `/healthz` (and metrics)
/// can name a failing part without asking it: the parts write, readers take a snapshot.
public final class HealthBoard: Sendable {
    /// One part's current failure.
    public struct Failure: Sendable, Equatable {
        /// The latest error, as the part logged it.
        public var error: String
        /// When the part started failing (the first failure since it last worked).
        public var since: Date
        /// Failures in a row.
        public var count: Int

        public init(error: String, since: Date, count: Int) {
            self.error = error
            self.since = since
            self.count = count
        }
    }

    private let failures = Mutex<[String: Failure]>([:])

    public init() {}

    /// `part` failed with `error` at `at`.
    public func failed(_ part: String, error: String, at: Date = Date()) {
        failures.withLock { all in
            var failure = all[part] ?? Failure(error: error, since: at, count: 0)
            failure.error = error
            failure.count += 1
            all[part] = failure
        }
    }

    /// `part` works again (or worked all along).
    public func recovered(_ part: String) {
        _ = failures.withLock { $0.removeValue(forKey: part) }
    }

    /// Every part failing now, by name.
    public var failing: [String: Failure] {
        failures.withLock { $0 }
    }
}

/// Exponential back-off between retries of a failing loop: `initial`, doubling up to `maximum`.
public struct Backoff: Sendable {
    public let initial: TimeInterval
    public let maximum: TimeInterval
    private var current: TimeInterval?

    public init(initial: TimeInterval = 0.5, maximum: TimeInterval = 30) {
        self.initial = max(0.001, initial)
        self.maximum = max(self.initial, maximum)
    }

    /// The pause before the next retry.
    public mutating func next() -> TimeInterval {
        let delay = current.map { min(maximum, $0 * 2) } ?? initial
        current = delay
        return delay
    }

    /// The loop worked: start from `initial` again next time.
    public mutating func reset() {
        current = nil
    }
}
