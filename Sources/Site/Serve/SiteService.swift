import AftermathCore
import Foundation
import ServiceLifecycle

/// Keeps the site current while `aftermath serve` runs: builds once at start, then again after
/// each poke (debounced: it waits for `quiet` without pokes, at most `maxDelay` after the first),
/// and every `pollInterval` anyway, which picks up postmortems people edited by hand. Builds are
/// incremental, so a rebuild with nothing changed writes nothing.
public struct SiteService: Service {
    /// The builder it runs.
    public let builder: SiteBuilder
    /// Where pokes arrive; hand `requests.poke()` to whatever changes the archive.
    public let requests: Wakeups
    /// Quiet time after the last poke before building.
    public var quiet: Duration
    /// The longest a poke waits for its build while pokes keep coming.
    public var maxDelay: Duration
    /// Build this often even without pokes (nil: only on pokes).
    public var pollInterval: Duration?
    /// Told about every build (log it); errors do not stop the service.
    public let onBuild: @Sendable (Result<SiteBuildReport, any Error>) -> Void
    /// Where the service says whether its builds work (`site` on `/healthz`).
    public var health: HealthBoard?
    /// After a failed build the next one comes this soon, without waiting for a poke.
    public var retry = Backoff(initial: 1, maximum: 60)
    /// The service's name on the health board.
    public static let healthPart = "site"
    private let sleep: @Sendable (Duration) async throws -> Void
    private let now: @Sendable () -> ContinuousClock.Instant

    /// A service for `builder`; `sleep` and `now` are injectable for tests (defaults: the continuous clock).
    public init(
        builder: SiteBuilder, requests: Wakeups = Wakeups(), quiet: Duration = .seconds(2),
        maxDelay: Duration = .seconds(15), pollInterval: Duration? = .seconds(60),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        onBuild: @escaping @Sendable (Result<SiteBuildReport, any Error>) -> Void = { _ in }
    ) {
        self.builder = builder
        self.requests = requests
        self.quiet = quiet
        self.maxDelay = maxDelay
        self.pollInterval = pollInterval
        self.sleep = sleep
        self.now = now
        self.onBuild = onBuild
    }

    /// Something changed; rebuild soon.
    public func poke() { requests.poke() }

    /// Runs until cancelled or the service group shuts down gracefully.
    public func run() async throws {
        let requests = self.requests
        await withTaskCancellationOrGracefulShutdownHandler {
            var retry = self.retry
            var failed = !(await buildOnce())
            while !requests.isStopped, !Task.isCancelled {
                let timeout = failed ? Duration.saturatingSeconds(retry.next()) : (pollInterval ?? .seconds(86_400 * 365))
                let outcome = await requests.wait(timeout: timeout, sleep: sleep)
                if outcome == .stopped || outcome == .cancelled { break }
                let poked = outcome == .poked
                if !poked, pollInterval == nil, !failed { continue }
                if poked { await debounce() }
                if requests.isStopped || Task.isCancelled { break }
                failed = !(await buildOnce())
                if !failed { retry.reset() }
            }
        } onCancelOrGracefulShutdown: {
            requests.stop()
        }
    }

    /// Waits until pokes stop for `quiet`, or `maxDelay` passed.
    private func debounce() async {
        let first = now()
        while !requests.isStopped, now() - first < maxDelay {
            let remaining = maxDelay - (now() - first)
            guard await requests.wait(timeout: min(quiet, remaining), sleep: sleep) == .poked else { return }
        }
    }

    /// One build; whether it worked.
    private func buildOnce() async -> Bool {
        do {
            onBuild(.success(try await builder.build()))
            health?.recovered(Self.healthPart)
            return true
        } catch {
            health?.failed(Self.healthPart, error: "building the site: \(error)")
            onBuild(.failure(error))
            return false
        }
    }
}
