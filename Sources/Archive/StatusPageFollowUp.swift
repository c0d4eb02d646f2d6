import AftermathCore
import Foundation

/// One Statuspage incident or component linked to an Aftermath incident, as it last reported.
public struct StatusPageLink: Sendable, Equatable {
    public var kind: StatusPageReport.Kind
    /// The Statuspage incident's or component's id.
    public var pageID: String
    public var name: String
    /// The status it last reported (`investigating`, `major_outage` …).
    public var status: String
    /// When it last went from settled to open (or was first seen open); nil while settled.
    public var openSince: Date?

    /// `Statuspage incident "Database query delays" is identified`.
    public var sentence: String {
        let status = status.replacingOccurrences(of: "_", with: " ")
        switch kind {
        case .incident: return "Statuspage incident \"\(name)\" is \(status)"
        case .component: return "Statuspage component \"\(name)\" is \(status)"
        }
    }
}

/// `statuspage.reminder_after` and `statuspage.reminder_every`, as the archive computes with them.
public struct StatusPageTiming: Sendable, Equatable {
    /// How long after the incident resolved (or the status page reopened) it is flagged.
    public var after: TimeInterval
    /// How often the reminder repeats while the status page stays open.
    public var every: TimeInterval

    public init(after: TimeInterval, every: TimeInterval) {
        self.after = after
        self.every = every
    }
}

/// An incident that has resolved while a linked Statuspage incident is unresolved or a linked
/// component is not operational. Computed from stored rows: the incident, its `statuspage_link`
/// rows and its `statuspage_reminder` timeline rows.
public struct StatusPageFollowUp: Sendable, Equatable {
    public var incidentID: String
    public var title: String
    public var resolvedAt: Date
    /// The links still open, in a stable order.
    public var openLinks: [StatusPageLink]
    /// From when it is flagged: `after` past the later of the resolve and the status page reopening.
    public var flaggedAt: Date
    /// Reminders recorded since it was flagged.
    public var reminders: Int
    /// The last of those.
    public var lastReminderAt: Date?
    /// When the next reminder is due: `flaggedAt`, then `every` after the last one.
    public var nextReminderAt: Date

    /// Whether the banner, marker and gauge show it at `now`.
    public func isFlagged(at now: Date) -> Bool { now >= flaggedAt }

    /// `Statuspage incident "…" is identified; Statuspage component "…" is major outage`.
    public var summary: String { openLinks.map(\.sentence).joined(separator: "; ") }
}

/// One outgoing notification to queue: an event for one `notify:` target.
public struct OutboxEntry: Sendable, Equatable {
    /// The target's `name`.
    public var target: String
    public var event: NotificationEvent
    /// Unique per target: the same event decided twice is queued once.
    public var eventKey: String
    public var incidentID: String?
    /// The message, plain text (each format escapes it for its receiver).
    public var text: String
    /// A link for the reader (the incident's page on the published site), when there is one.
    public var link: String?

    public init(target: String, event: NotificationEvent, eventKey: String, incidentID: String?, text: String, link: String?) {
        self.target = target
        self.event = event
        self.eventKey = eventKey
        self.incidentID = incidentID
        self.text = text
        self.link = link
    }
}

/// Which `notify:` targets take which events; empty sends nothing.
public struct NotificationRouting: Sendable, Equatable {
    /// Target names by event, in configuration order.
    public var targets: [NotificationEvent: [String]]

    public init(targets: [NotificationEvent: [String]] = [:]) {
        self.targets = targets
    }

    /// Whether any target takes `event`.
    public func wants(_ event: NotificationEvent) -> Bool { !(targets[event] ?? []).isEmpty }

    /// One entry per target taking `event`.
    public func entries(_ event: NotificationEvent, key: String, incidentID: String?, text: String, link: String?) -> [OutboxEntry] {
        (targets[event] ?? []).map {
            OutboxEntry(target: $0, event: event, eventKey: key, incidentID: incidentID, text: text, link: link)
        }
    }
}
