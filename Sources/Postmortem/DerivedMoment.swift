import AftermathCore
import Foundation

/// A moment read out of the evidence rather than reported by a sender.
public struct DerivedMoment: Sendable, Equatable {
    /// What the evidence shows.
    public enum Kind: Sendable, Equatable {
        /// The first error line of one log source inside the capture window.
        case firstError(source: String, line: String)
        /// At least `count` error lines of one source within `span` seconds.
        case errorBurst(source: String, count: Int, span: TimeInterval)
        /// The alert's own expression first met its threshold (nil: first returned a value).
        case thresholdCrossed(alert: String, condition: AlertCondition?, value: Double)
    }

    /// When it happened.
    public var at: Date
    /// What kind it is.
    public var kind: Kind
    /// The evidence item the moment was read from.
    public var evidenceID: String

    /// One line for the timeline (unescaped; the renderer escapes it).
    public var text: String {
        switch kind {
        case .firstError(let source, let line):
            return "First error in \(source): \(line)"
        case .errorBurst(let source, let count, let span):
            return "Burst: \(count) error lines within \(DurationText.format(span)) in \(source)"
        case .thresholdCrossed(let alert, let condition, let value):
            if let condition {
                return "\(alert): alert expression first crossed its threshold (\(condition)), value \(AlertCondition.format(value))"
            }
            return "\(alert): alert expression first returned a value (\(AlertCondition.format(value)))"
        }
    }

}
