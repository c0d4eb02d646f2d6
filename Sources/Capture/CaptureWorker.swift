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
    public let wakeups: CaptureWakeups
    /// Called after each job ends (the site rebuilds from it).
    let onJobFinished: @Sendable () -> Void

    public init(
        runner: CaptureRunner, database: AppDatabase, config: AftermathConfig, clock: any WallClock, logger: Logger,
        wakeups: CaptureWakeups, onJobFinished: @escaping @Sendable () -> Void = {}
    ) {
        self.runner = runner
        self.database = database
        self.config = config
        self.clock = clock
        self.logger = logger
        self.wakeups = wakeups
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

    private func work(until captureID: Int64?) async throws {
        let running = RunningCount()
        try await withThrowingTaskGroup(of: Void.self) { group in
            while !Task.isCancelled {
                if let captureID, try await database.capture(id: captureID)?.finishedAt != nil { break }
                let free = config.capture.concurrency - (await running.value)
                if free > 0 {
                    let (claimed, abandoned) = try await database.claimJobs(
                        now: clock.now(), limit: free, lease: lease, only: captureID)
                    for id in abandoned {
                        logger.warning("capture job failed after its attempts ran out", metadata: ["job": "\(id)"])
                    }
                    for job in claimed {
                        await running.add(1)
                        group.addTask {
                            await runner.run(job, lease: lease)
                            await running.add(-1)
                            onJobFinished()
                            await wakeups.poke()
                        }
                    }
                }
                await wakeups.wait(timeout: try await sleepTime())
            }
            group.cancelAll()
        }
    }

    /// Until the next job is due, at most a second (leases of dead workers are found this way too).
    private func sleepTime() async throws -> TimeInterval {
        guard let due = try await database.nextJobDue() else { return 1 }
        return min(1, max(0.05, due.timeIntervalSince(clock.now())))
    }
}

/// How many jobs are running in this worker.
actor RunningCount {
    private(set) var value = 0
    func add(_ delta: Int) { value += delta }
}
