import Foundation

/// Moments drawn over a chart: the incident window and each alert's start and resolve.
public struct ChartMarks: Sendable, Equatable {
    /// One alert episode.
    public struct Alert: Sendable, Equatable {
        /// The alert name.
        public var name: String
        public var start: Date
        public var end: Date?
    }

    /// When the incident started.
    public var incidentStart: Date?
    /// When it resolved (nil: still open, shaded to the right edge).
    public var incidentEnd: Date?
    /// Alert episodes to mark.
    public var alerts: [Alert] = []
}
