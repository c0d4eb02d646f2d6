import AftermathCore
import Archive
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Settings

/// Delivers the outbox (`notification_outbox`) to the `notify:` targets: due rows are sent, each
/// attempt bounded by its target's timeout; a failure is retried after a pause that doubles, and
/// given up on (and recorded on the timeline) after `max_attempts`. Targets are sent to
/// concurrently, so a hung receiver holds up only its own notifications, and never intake.
/// Redirects are not followed (the client refuses them); a URL is never logged or stored.
public struct NotificationSender: Service {
    /// Its name on `/healthz`.
    public static let healthPart = "notify"
    let database: AppDatabase
    let targets: [NotifyTarget]
    let client: HTTPClient
    let clock: any WallClock
    let environment: [String: String]
    let logger: Logger
    let pollInterval: TimeInterval
    /// Poke it when something was queued.
    public let wakeups: Wakeups
    /// Where the sender says whether its rounds work.
    public var health: HealthBoard?

    public init(
        database: AppDatabase, targets: [NotifyTarget], client: HTTPClient, clock: any WallClock,
        environment: [String: String], logger: Logger, pollInterval: TimeInterval = 5, wakeups: Wakeups = Wakeups()
    ) {
        self.database = database
        self.targets = targets
        self.client = client
        self.clock = clock
        self.environment = environment
        self.logger = logger
        self.pollInterval = pollInterval
        self.wakeups = wakeups
    }

    public func run() async throws {
        let loop = RoundLoop(
            part: Self.healthPart, activity: "sending notifications", health: health, logger: logger, clock: clock, wakeups: wakeups,
            maximumRetry: pollInterval * 12)
        await cancelWhenGracefulShutdown {
            await loop.run { _ in
                try await sendDue()
                return await sleepTime()
            }
        }
    }

    /// Sends everything due now, each target's rows in order, targets concurrently.
    public func sendDue() async throws {
        let due = try await database.dueNotifications(now: clock.now())
        guard !due.isEmpty else { return }
        let byTarget = Dictionary(grouping: due, by: \.target)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for records in byTarget.values {
                group.addTask { for record in records { try await send(record) } }
            }
            try await group.waitForAll()
        }
    }

    /// One attempt at `record`, and what came of it recorded.
    func send(_ record: NotificationRecord) async throws {
        guard let target = targets.first(where: { $0.name == record.target }) else {
            let reason = "no notify target named '\(record.target)' is configured any more"
            try await database.recordNotificationFailed(id: record.id, error: reason, at: clock.now(), countsAttempt: false)
            logger.warning("notification given up", metadata: metadata(record, ["error": "\(reason)"]))
            return
        }
        let outcome = await attempt(record, to: target)
        let now = clock.now()
        guard let failure = outcome else {
            try await database.recordNotificationSent(id: record.id, at: now)
            logger.notice("notification sent", metadata: metadata(record, ["attempt": "\(record.attempts + 1)"]))
            return
        }
        let attempt = record.attempts + 1
        if attempt >= target.maxAttempts {
            try await database.recordNotificationFailed(id: record.id, error: failure, at: now)
            logger.error("notification given up", metadata: metadata(record, ["attempts": "\(attempt)", "error": "\(failure)"]))
        } else {
            let retryAt = now + target.pause(afterAttempt: attempt)
            try await database.recordNotificationRetry(id: record.id, error: failure, retryAt: retryAt)
            logger.warning("notification failed; retrying", metadata: metadata(record, [
                "attempt": "\(attempt)", "error": "\(failure)", "retry_at": "\(Timestamp.format(retryAt))",
            ]))
        }
    }

    /// Sends once; nil when the receiver answered 2xx, else why not (never naming the URL).
    func attempt(_ record: NotificationRecord, to target: NotifyTarget) async -> String? {
        let url: String
        do {
            url = try target.url(environment: environment)
        } catch {
            return "\(error)"
        }
        if let problem = NotifyTarget.problem(withURL: url) { return "the URL of notify target '\(target.name)' \(problem)" }
        do {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "User-Agent", value: "aftermath")
            if let token = target.bearerToken {
                request.headers.add(name: "Authorization", value: "Bearer " + (try token.resolve(environment: environment)))
            }
            request.body = .bytes(ByteBuffer(bytes: try NotificationBody.render(record, format: target.format)))
            let response = try await client.execute(request, timeout: .milliseconds(Int64(target.timeout * 1000)))
            let body = try await response.body.collect(upTo: 64 << 10)
            let code = Int(response.status.code)
            if (200..<300).contains(code) { return nil }
            if (300..<400).contains(code) {
                let host = response.headers.first(name: "Location").flatMap { URLComponents(string: $0)?.host } ?? "elsewhere"
                return "HTTP \(code): redirect to \(host) not followed"
            }
            let text = SingleLine.capped(SingleLine.spaced(String(buffer: body)), at: 200)
            return Self.hidden(url, in: "HTTP \(code)" + (text.isEmpty ? "" : ": \(text)"))
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            return "no answer within \(DurationText.format(target.timeout))"
        } catch {
            return Self.hidden(url, in: "\(error)")
        }
    }

    /// `text` with the URL (and its path, which holds a chat webhook's secret) masked.
    static func hidden(_ url: String, in text: String) -> String {
        var out = text.replacingOccurrences(of: url, with: "[notify url]")
        if let path = URLComponents(string: url)?.percentEncodedPath, path.count > 1 {
            out = out.replacingOccurrences(of: path, with: "[path]")
        }
        return out
    }

    private func metadata(_ record: NotificationRecord, _ extra: Logger.Metadata) -> Logger.Metadata {
        var m: Logger.Metadata = ["target": "\(record.target)", "event": "\(record.event.rawValue)", "notification": "\(record.id)"]
        if let incident = record.incidentID { m["incident"] = "\(incident)" }
        return m.merging(extra) { _, new in new }
    }

    /// Until the next pending attempt, at most `pollInterval`.
    private func sleepTime() async -> TimeInterval {
        Wakeups.pause(until: try? await database.nextNotificationAttempt(), now: clock.now(), atMost: pollInterval)
    }
}
