import AftermathCore
import Foundation
import Logging
import ServiceLifecycle

/// The loop of a background service that works in rounds: each round returns the pause until the
/// next; a failed round is reported on the health board and logged, and retried after a back-off;
/// a poke of `wakeups` starts the next round at once. Ends on cancellation or graceful shutdown.
struct RoundLoop {
    /// The part's name on `/healthz`.
    let part: String
    /// What a round does, for messages (`sending notifications`).
    let activity: String
    let health: HealthBoard?
    let logger: Logger
    let clock: any WallClock
    let wakeups: Wakeups
    /// The longest back-off after failed rounds.
    let maximumRetry: TimeInterval

    func run(_ round: @escaping @Sendable () async throws -> TimeInterval) async {
        await cancelWhenGracefulShutdown {
            var retry = Backoff(initial: 1, maximum: maximumRetry)
            while !Task.isCancelled {
                var pause: TimeInterval
                do {
                    pause = try await round()
                    health?.recovered(part)
                    retry.reset()
                } catch {
                    health?.failed(part, error: "\(activity): \(error)", at: clock.now())
                    logger.error("\(activity) failed", metadata: ["error": "\(error)"])
                    pause = retry.next()
                }
                await wakeups.wait(seconds: pause)
            }
        }
    }
}
