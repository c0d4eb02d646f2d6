import AftermathCore
import Archive
import Foundation
import Logging
import ServiceLifecycle
import Settings

/// The long-running capture service: claims due jobs (up to `capture.concurrency` at once),
/// runs them in parallel and sleeps until new jobs are planned or the next one is due.
/// Jobs live in SQLite, so a crash or restart loses none: expired leases are claimed again.
public struct CaptureWorker: Service {
    let runner: CaptureRunner
    let database: AppDatabase
    let config: AftermathConfig
    let clock: any WallClock
    let logger: Logger
    public let wakeups: Wakeups
    /// Called after each job ends (the site rebuilds from it).
    let onJobFinished: @Sendable () -> Void
    /// Where the worker says whether it can reach its queue (`capture` on `/healthz`).
    let health: HealthBoard
    /// The pause after a failed round (a full or locked archive), growing while it keeps failing.
    let backoff: Backoff

    /// The worker's name on the health board.
    public static let healthPart = "capture"

    public init(
        runner: CaptureRunner, database: AppDatabase, config: AftermathConfig, clock: any WallClock, logger: Logger,
        wakeups: Wakeups, health: HealthBoard = HealthBoard(), backoff: Backoff = Backoff(),
        onJobFinished: @escaping @Sendable () -> Void = {}
    ) {
        self.runner = runner
        self.database = database
        self.config = config
        self.clock = clock
        self.logger = logger
        self.wakeups = wakeups
        self.health = health
        self.backoff = backoff
        self.onJobFinished = onJobFinished
    }

    /// How long a claimed job is owned without a heartbeat (renewed every third of it while running).
    var lease: TimeInterval { max(1, config.capture.lease) }

    public func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await work(until: nil)
        }
    }

    /// Runs jobs until `captureID` has finished (all jobs done or failed); used by the CLI.
    public func drain(captureID: Int64) async throws {
        try await work(until: captureID)
    }

    /// Claims and starts jobs until cancelled (or until `captureID` has finished). An archive
    /// error in a round (SQLITE_FULL, SQLITE_BUSY) does not end the loop, which would stop the
    /// whole server and cancel the jobs running here: the worker logs it, reports itself failing,
    /// backs off and tries again. The CLI's drain (`captureID` set) throws it instead.
    private func work(until captureID: Int64?) async throws {
        let running = RunningCount()
        var backoff = self.backoff
        // A discarding group: finished jobs leave nothing behind in a server that runs for months.
        try await withThrowingDiscardingTaskGroup { group in
            while !Task.isCancelled {
                var pause: TimeInterval
                do {
                    if let captureID, try await database.capture(id: captureID)?.finishedAt != nil { break }
                    try await claimRound(running: running, captureID: captureID, group: &group)
                    pause = try await sleepTime()
                    if captureID == nil, try await sweepStaging() { pause = 0 }
                    health.recovered(Self.healthPart)
                    backoff.reset()
                } catch {
                    if Task.isCancelled { break }
                    if captureID != nil { throw error }
                    pause = backoff.next()
                    health.failed(Self.healthPart, error: "claiming capture jobs: \(error)", at: clock.now())
                    logger.error("capture worker: round failed; retrying", metadata: [
                        "error": "\(error)", "retry_in_seconds": "\(pause)",
                    ])
                }
                await wakeups.wait(seconds: pause)
            }
            group.cancelAll()
        }
    }

    /// Claims as many due jobs as there are free places and starts them.
    private func claimRound(running: RunningCount, captureID: Int64?, group: inout ThrowingDiscardingTaskGroup<any Error>) async throws {
        let free = config.capture.concurrency - (await running.value)
        guard free > 0 else { return }
        let (claimed, abandoned) = try await database.claimJobs(now: clock.now(), limit: free, lease: lease, only: captureID)
        for id in abandoned {
            logger.warning("capture job failed after its attempts ran out", metadata: ["job": "\(id)"])
        }
        for job in claimed {
            await running.add(1)
            group.addTask {
                await runner.run(job, lease: lease)
                await running.add(-1)
                onJobFinished()
                wakeups.poke()
            }
        }
    }

    /// Removes what interrupted storage attempts left staged, a chunk per round; true if it did.
    private func sweepStaging() async throws -> Bool {
        let removed = try await database.discardStaleStaging()
        if removed > 0 {
            logger.notice("capture: removed lines staged by an interrupted attempt", metadata: ["lines": "\(removed)"])
        }
        return removed > 0
    }

    /// Until the next job is due, at most a second (leases of dead workers are found this way too).
    private func sleepTime() async throws -> TimeInterval {
        Wakeups.pause(until: try await database.nextJobDue(), now: clock.now(), atMost: 1)
    }
}

/// How many jobs are running in this worker.
actor RunningCount {
    private(set) var value = 0
    func add(_ delta: Int) { value += delta }
}
