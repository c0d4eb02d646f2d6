import Foundation
import Settings

/// Runs an argv on one allow-listed host: directly for `local`, else through ssh
/// (`SSHInvocation`), always through the same `ProcessRunner`.
public struct HostRunner: Sendable {
    /// Where commands run.
    public let host: HostConfig
    /// What starts the processes.
    public let runner: any ProcessRunner

    /// The local invocation that runs `argv` on the host, or why it is refused.
    public func invocation(_ argv: [String], timeout: TimeInterval, maxBytes: Int) throws(SSHInvocationError) -> ProcessInvocation {
        let local = host.isLocal ? argv : try SSHInvocation.argv(host: host, remote: argv)
        return ProcessInvocation(argv: local, timeout: timeout, maxBytes: maxBytes)
    }

    /// Runs `argv` on the host; a refused ssh command line is an outcome with `launchError`
    /// (and no process is started).
    public func run(_ argv: [String], timeout: TimeInterval, maxBytes: Int) async -> ProcessOutcome {
        do {
            return await runner.run(try invocation(argv, timeout: timeout, maxBytes: maxBytes))
        } catch {
            return .notLaunched(error.description)
        }
    }

    /// Streams the stdout of `argv` on the host to `consume` (see `ProcessRunner.stream`).
    public func stream(
        _ argv: [String], timeout: TimeInterval, maxBytes: Int, stdout consume: @escaping @Sendable ([UInt8]) -> StreamControl
    ) async -> ProcessOutcome {
        do {
            return await runner.stream(try invocation(argv, timeout: timeout, maxBytes: maxBytes), stdout: consume)
        } catch {
            return .notLaunched(error.description)
        }
    }
}

extension HostConfig {
    /// Where an item was taken, for its request: the host's name, and `via: ssh` unless it is `local`.
    var requestFields: [String: String] { isLocal ? ["host": name] : ["host": name, "via": "ssh"] }
}
