import Foundation

/// The loop of a background service that works in rounds: each round returns the pause until the
/// next; a failed round is reported on the health board and to `onFailure`, and retried after a
/// back-off; a poke of `wakeups` starts the next round at once. Ends when the task is cancelled
/// (services wrap it in `cancelWhenGracefulShutdown`).
public struct RoundLoop: Sendable {
    /// The part's name on `/healthz`.
    let part: String
    /// What a round does, for messages (`sending notifications`).
    let activity: String
    let health: HealthBoard?
    let clock: any WallClock
    let wakeups: Wakeups
    /// The longest back-off after failed rounds.
    let maximumRetry: TimeInterval
    /// Told of each failed round: a log line, an event.
    let onFailure: @Sendable (any Error) -> Void

    public init(
        part: String, activity: String, health: HealthBoard?, clock: any WallClock, wakeups: Wakeups, maximumRetry: TimeInterval,
        onFailure: @escaping @Sendable (any Error) -> Void
    ) {
        (self.part, self.activity, self.health, self.clock) = (part, activity, health, clock)
        (self.wakeups, self.maximumRetry, self.onFailure) = (wakeups, maximumRetry, onFailure)
    }

    /// Runs rounds until cancelled. `round` is told whether it is the first or follows a failed
    /// one (a service that catches up at start does that again then).
    public func run(_ round: @Sendable (_ recovering: Bool) async throws -> TimeInterval) async {
        var retry = Backoff(initial: 1, maximum: maximumRetry)
        var recovering = true
        while !Task.isCancelled {
            var pause: TimeInterval
            do {
                pause = try await round(recovering)
                health?.recovered(part)
                retry.reset()
                recovering = false
            } catch {
                health?.failed(part, error: "\(activity): \(error)", at: clock.now())
                onFailure(error)
                pause = retry.next()
                recovering = true
            }
            await wakeups.wait(seconds: pause)
        }
    }
}
