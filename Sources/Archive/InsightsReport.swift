import AftermathCore
import Foundation

/// What to compute insights over: incidents started since `since` (all when nil) that affect
/// `service` (all when nil); `now` decides which postmortems are overdue.
public struct InsightsQuery: Sendable, Equatable {
    public var since: Date?
    public var service: String?
    public var now: Date

    /// A query.
    public init(since: Date? = nil, service: String? = nil, now: Date) {
        self.since = since
        self.service = service
        self.now = now
    }
}

/// How an on-call team is doing, computed in SQL from what the archive stores: incidents and
/// their times, alerts, timeline, detection leads and postmortem digests. The site's insights page
/// and `aftermath insights` both show this one value.
public struct InsightsReport: Sendable, Equatable, Encodable {
    /// An incident resolved this soon after it started, never acknowledged, counts as noise.
    public static let quickResolution: TimeInterval = 300
    /// An incident reopened more often than this counts as noise.
    public static let reopenLimit = 2

    /// Incident count and time figures of one group of incidents.
    public struct Figures: Sendable, Equatable, Encodable {
        public var incidents: Int
        /// Started → acknowledged, over acknowledged incidents.
        public var timeToAcknowledge: DurationStats
        /// Started → resolved, over resolved incidents.
        public var timeToResolve: DurationStats
        /// Alert fired − earliest evidence signal, over incidents whose evidence was analysed.
        public var detectionLead: DurationStats
    }

    /// One service in one month (UTC, by start). `service` is nil for incidents naming no service.
    public struct ServiceMonth: Sendable, Equatable {
        public var service: String?
        public var month: String
        public var figures: Figures
    }

    /// One month of all incidents in scope (months without incidents included, for the trend).
    public struct Month: Sendable, Equatable {
        public var month: String
        public var figures: Figures
    }

    /// An alert that opened or joined more than one incident.
    public struct RecurringAlert: Sendable, Equatable {
        public var name: String
        public var incidents: Int
        /// Alert episodes (firings) across those incidents.
        public var episodes: Int
        public var services: [String]
        public var firstSeen: Date
        public var lastSeen: Date
    }

    /// An alert with noisy incidents: resolved within `quickResolution` without acknowledgement,
    /// or reopened more than `reopenLimit` times.
    public struct NoisyAlert: Sendable, Equatable, Encodable {
        public var name: String
        public var incidents: Int
        public var quickUnacknowledged: Int
        public var reopenedOften: Int
        public var noisyIncidents: Int
        public var mostReopens: Int
    }

    /// Where the incidents' postmortems stand. `overdue`: due to be written and not written yet
    /// (as `postmortem status` says), unless final.
    public struct PostmortemCompletion: Sendable, Equatable, Encodable {
        public var none = 0, draft = 0, inReview = 0, final = 0, overdue = 0
    }

    /// `- [ ]` and `- [x]` items of the postmortems' Action items sections.
    public struct ActionItems: Sendable, Equatable, Encodable {
        public var open = 0, done = 0
    }

    public var since: Date?
    public var service: String?
    public var generatedAt: Date
    public var overall: Figures
    /// Incidents that were noisy (see `NoisyAlert`).
    public var noisyIncidents: Int
    public var months: [Month]
    public var serviceMonths: [ServiceMonth]
    public var recurringAlerts: [RecurringAlert]
    public var noisyAlerts: [NoisyAlert]
    /// Incident starts by weekday (0 = Monday … 6 = Sunday) and hour (0…23), UTC.
    public var heatmap: [[Int]]
    public var postmortems: PostmortemCompletion
    public var actionItems: ActionItems

    /// `Mon` … `Sun`, the heatmap's rows.
    public static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
}
