import AftermathCore
import Foundation
import Subprocess
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// Runs programs on this machine with swift-subprocess: argv exec (never a shell), stdin from
/// `/dev/null`, a new session (so its own process group), a minimal environment, output capped
/// while it streams, and a time limit enforced by cancelling the run: the teardown sends SIGTERM
/// to the whole group and always ends with SIGKILL to the group.
public struct LocalProcessRunner: ProcessRunner {
    /// How long the group gets between SIGTERM and SIGKILL.
    public var terminationGrace: Duration

    /// A runner; `terminationGrace` is the pause between SIGTERM and SIGKILL on timeout.
    public init(terminationGrace: Duration = .milliseconds(500)) {
        self.terminationGrace = terminationGrace
    }

    /// Runs `invocation`, keeping the first `maxBytes` of stdout and of stderr.
    public func run(_ invocation: ProcessInvocation) async -> ProcessOutcome {
        let stdout = CappedBuffer(limit: invocation.maxBytes)
        var outcome = await stream(invocation) { chunk in stdout.append(chunk) ? .more : .stop }
        outcome.stdout = stdout.text
        return outcome
    }

    /// Runs `invocation`, handing stdout to `consume` as it arrives.
    public func stream(
        _ invocation: ProcessInvocation, stdout consume: @escaping @Sendable ([UInt8]) -> StreamControl
    ) async -> ProcessOutcome {
        let started = ContinuousClock.now
        guard let name = invocation.argv.first, !name.isEmpty else {
            return .notLaunched("empty argv: nothing to run")
        }
        if let bad = invocation.argv.first(where: { $0.utf8.contains(0) }) {
            return .notLaunched("argument contains a NUL byte: \(bad.debugDescription)")
        }
        guard let path = ProcessEnvironment.resolve(name) else {
            return .notLaunched("\(name): executable not found in \(ProcessEnvironment.searchPath)")
        }
        var environment = ProcessEnvironment.base()
        for (key, value) in invocation.environment ?? [:] { environment[key] = value }

        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: terminationGrace)]
        let configuration = Configuration(
            executable: .path(FilePath(path)),
            arguments: Arguments(executablePathOverride: name, remainingValues: Array(invocation.argv.dropFirst())),
            environment: .custom(Dictionary(uniqueKeysWithValues: environment.map { (Environment.Key(stringLiteral: $0.key), $0.value) })),
            platformOptions: options
        )
        let grace = terminationGrace
        let errorLimit = invocation.maxBytes

        let (result, timedOut) = await withTaskGroup(of: RaceEvent.self) { group -> (Result<GroupRun, any Error>?, Bool) in
            group.addTask {
                do {
                    let run = try await Subprocess.run(configuration, input: .none, output: .sequence, error: .sequence) { execution in
                        await ProcessGroupSession.drain(execution, errorLimit: errorLimit, grace: grace, consume: consume)
                    }
                    return .finished(.success(GroupRun(status: run.terminationStatus, session: run.closureResult)))
                } catch {
                    return .finished(.failure(error))
                }
            }
            group.addTask {
                do {
                    try await Task.sleep(for: .saturatingSeconds(invocation.timeout))
                    return .timerFired
                } catch {
                    return .timerCancelled
                }
            }
            var result: Result<GroupRun, any Error>?
            var timedOut = false
            while let event = await group.next() {
                switch event {
                case .finished(let value):
                    result = value
                    group.cancelAll()
                case .timerFired:
                    timedOut = result == nil
                    group.cancelAll()
                case .timerCancelled:
                    continue
                }
            }
            return (result, timedOut)
        }

        let duration = started.duration(to: .now)
        var outcome = ProcessOutcome(timedOut: timedOut, duration: Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
        switch result {
        case .success(let run):
            switch run.status {
            case .exited(let code): outcome.exitCode = timedOut ? nil : code
            case .signaled(let signal): outcome.signal = signal
            }
            outcome.stderr = run.session.stderr
            outcome.truncated = run.session.truncated
        case .failure(let error):
            outcome.launchError = "\(path): \(error)"
        case nil:
            outcome.launchError = "\(path): the run ended without a result"
        }
        return outcome
    }
}

/// What the race between the run and its timer reports.
private enum RaceEvent: Sendable {
    case finished(Result<GroupRun, any Error>)
    case timerFired
    case timerCancelled
}

/// A finished run: its status and what the session read.
private struct GroupRun: Sendable {
    var status: TerminationStatus
    var session: ProcessGroupSession.Result
}
