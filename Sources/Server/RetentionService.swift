import AftermathCore
import Archive
import Foundation
import Logging
import ServiceLifecycle
import Settings

/// Applies the retention policy while `serve` runs: at start and every `retention.interval`. A failed
/// run is logged and tried again next time; it never stops the server.
public struct RetentionService: Service {
    /// Its name on `/healthz` when supervised.
    public static let healthPart = "retention"
    let database: AppDatabase
    let policy: RetentionPolicy
    let interval: Duration
    let clock: any WallClock
    let logger: Logger
    /// Called after a run removed something (the site then shows the removal).
    let onRemoved: @Sendable () -> Void

    public init(
        database: AppDatabase, config: RetentionConfig, clock: any WallClock, logger: Logger,
        onRemoved: @escaping @Sendable () -> Void = {}
    ) {
        self.database = database
        policy = RetentionPolicy(config)
        interval = .milliseconds(Int64(config.interval * 1000))
        self.clock = clock
        self.logger = logger
        self.onRemoved = onRemoved
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await applyOnce()
                do {
                    try await Task.sleep(for: interval)
                } catch {
                    return
                }
            }
        }
    }

    func applyOnce() async {
        do {
            let report = try await database.applyRetention(policy, clock: clock)
            guard !report.evidenceRemoved.isEmpty || report.deliveriesRemoved > 0 || report.pagesFreed > 0 else { return }
            logger.notice("\(report.summaryLine)")
            onRemoved()
        } catch {
            logger.error("retention run failed; retrying in \(interval)", metadata: ["error": "\(error)"])
        }
    }
}

extension RetentionPolicy {
    /// The policy `retention:` configures.
    public init(_ config: RetentionConfig) {
        self.init(evidenceContent: config.evidenceContent, collectors: config.collectors, rawDeliveries: config.rawDeliveries)
    }
}
