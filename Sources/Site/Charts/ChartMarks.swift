import Foundation

/// Moments drawn over a chart: the incident window and each alert's start and resolve.
public struct ChartMarks: Sendable, Equatable {
    /// One alert episode.
    public struct Alert: Sendable, Equatable {
        /// The alert name.
        public var name: String
        public var start: Date
        public var end: Date?

        /// An alert that fired at `start` and resolved at `end` (nil: still firing).
        public init(name: String, start: Date, end: Date?) {
            self.name = name
            self.start = start
            self.end = end
        }
    }

    /// When the incident started.
    public var incidentStart: Date?
    /// When it resolved (nil: still open, shaded to the right edge).
    public var incidentEnd: Date?
    /// Alert episodes to mark.
    public var alerts: [Alert]

    /// Marks for an incident window and its alerts.
    public init(incidentStart: Date? = nil, incidentEnd: Date? = nil, alerts: [Alert] = []) {
        self.incidentStart = incidentStart
        self.incidentEnd = incidentEnd
        self.alerts = alerts
    }
}
