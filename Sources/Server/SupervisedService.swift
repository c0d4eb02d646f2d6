import AftermathCore
import Foundation
import Logging
import ServiceLifecycle

/// Keeps a background loop from taking the server down. Hummingbird's service group shuts every
/// service down (the HTTP listener included) when one throws or returns; this wrapper catches
/// that instead, logs it, marks the part failing on the health board, and runs the loop again
/// after a back-off. The loop itself reports recovery (it knows when a round worked).
public struct SupervisedService: Service {
    /// The part's name on `/healthz` (`capture`, `postmortem`, `site`).
    public let name: String
    let service: any Service
    let health: HealthBoard
    let logger: Logger
    let backoff: Backoff

    public init(_ name: String, _ service: any Service, health: HealthBoard, logger: Logger, backoff: Backoff = Backoff()) {
        self.name = name
        self.service = service
        self.health = health
        self.logger = logger
        self.backoff = backoff
    }

    public func run() async throws {
        var backoff = self.backoff
        while !Self.stopping {
            let problem: String
            do {
                try await service.run()
                if Self.stopping { return }
                problem = "stopped unexpectedly"
            } catch {
                if Self.stopping { return }
                problem = "stopped: \(error)"
            }
            let delay = backoff.next()
            health.failed(name, error: problem)
            logger.error("background service failed; restarting it", metadata: [
                "service": "\(name)", "error": "\(problem)", "retry_in_seconds": "\(delay)",
            ])
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .saturatingSeconds(delay)) }
        }
    }

    /// The service group is shutting down (or the task was cancelled): leave quietly.
    static var stopping: Bool { Task.isCancelled || Task.isShuttingDownGracefully }
}
