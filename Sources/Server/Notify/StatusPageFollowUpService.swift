import AftermathCore
import Archive
import Foundation
import Logging
import ServiceLifecycle
import Settings

/// Reminds while a status page lags behind: an incident that resolved while its linked Statuspage
/// incident is unresolved (or a linked component not operational) gets a reminder
/// `statuspage.reminder_after` later, and again every `statuspage.reminder_every`, until a
/// Statuspage webhook says it is over. Each reminder is a timeline row, a log line and the
/// notifications to send, recorded in one transaction; everything is read from the archive, so a
/// restart neither repeats nor forgets one.
public struct StatusPageFollowUpService: Service {
    /// Its name on `/healthz`.
    public static let healthPart = "statuspage"
    let database: AppDatabase
    let timing: StatusPageTiming
    let routing: NotificationRouting
    let incidentLink: @Sendable (String) -> String?
    let clock: any WallClock
    let logger: Logger
    let pollInterval: TimeInterval
    /// Called after reminders were recorded (the site shows the banner, the sender sends).
    let onReminded: @Sendable () -> Void
    /// Poke it when an incident or its status page changed.
    public let wakeups: Wakeups
    /// Where it says whether its rounds work.
    public var health: HealthBoard?

    public init(
        database: AppDatabase, config: StatusPageConfig, routing: NotificationRouting,
        incidentLink: @escaping @Sendable (String) -> String? = { _ in nil }, clock: any WallClock, logger: Logger,
        pollInterval: TimeInterval = 30, wakeups: Wakeups = Wakeups(), onReminded: @escaping @Sendable () -> Void = {}
    ) {
        self.database = database
        timing = StatusPageTiming(config)
        self.routing = routing
        self.incidentLink = incidentLink
        self.clock = clock
        self.logger = logger
        self.pollInterval = pollInterval
        self.wakeups = wakeups
        self.onReminded = onReminded
    }

    public func run() async throws {
        let loop = RoundLoop(
            part: Self.healthPart, activity: "status page reminders", health: health, logger: logger, clock: clock, wakeups: wakeups,
            maximumRetry: pollInterval * 4)
        await cancelWhenGracefulShutdown {
            await loop.run { _ in try await remindDue() }
        }
    }

    /// Records every reminder due now; returns the pause until the next one (at most `pollInterval`).
    @discardableResult
    public func remindDue() async throws -> TimeInterval {
        var next = pollInterval
        var reminded = 0
        for followUp in try await database.statusPageFollowUps(timing: timing) {
            let now = clock.now()
            guard followUp.nextReminderAt <= now else {
                next = min(next, followUp.nextReminderAt.timeIntervalSince(now))
                continue
            }
            let text = Self.text(followUp, now: now)
            let link = incidentLink(followUp.incidentID)
            let notifications = routing.entries(
                .statuspageReminder, key: "statuspage_reminder:\(followUp.incidentID):\(Timestamp.formatMillis(now))",
                incidentID: followUp.incidentID, text: text, link: link)
            guard try await database.recordStatusPageReminder(
                incidentID: followUp.incidentID, at: now, text: text, timing: timing, notifications: notifications) else { continue }
            reminded += 1
            next = min(next, timing.every)
            logger.warning("status page still open after the incident resolved", metadata: [
                "incident": "\(followUp.incidentID)", "reminder": "\(followUp.reminders + 1)", "status_page": "\(followUp.summary)",
            ])
        }
        if reminded > 0 { onReminded() }
        return max(0.05, next)
    }

    /// `Status page still open 15m after "Checkout errors" (inc-1) resolved: Statuspage incident "…" is identified`.
    static func text(_ followUp: StatusPageFollowUp, now: Date) -> String {
        "Status page still open \(DurationText.format(now.timeIntervalSince(followUp.resolvedAt))) after \"\(followUp.title)\" "
            + "(\(followUp.incidentID)) resolved: \(followUp.summary)"
    }
}

extension StatusPageTiming {
    /// `statuspage.reminder_after` and `statuspage.reminder_every`.
    public init(_ config: StatusPageConfig) {
        self.init(after: config.reminderAfter, every: config.reminderEvery)
    }
}
