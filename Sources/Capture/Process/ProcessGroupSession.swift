import Foundation
import Subprocess
#if canImport(Glibc)
import Glibc
#endif

/// Reads a running process's output and makes sure nothing of its process group outlives the run.
///
/// Runs inside swift-subprocess's body closure, where the group leader is not yet reaped: its
/// pid is then still the group's id and cannot be reused, so signalling the group is safe.
enum ProcessGroupSession {
    /// What was read besides the streamed stdout.
    struct Result: Sendable {
        var stderr: String
        var truncated: Bool
    }

    static func drain(
        _ execution: Execution<NoInput, SequenceOutput, SequenceOutput>, errorLimit: Int, grace: Duration,
        consume: @Sendable ([UInt8]) -> StreamControl
    ) async -> Result {
        let group = execution.processIdentifier.value
        let stderr = CappedBuffer(limit: errorLimit)
        async let errorRead: Void = readAll(execution.standardError, into: stderr)
        var stopped = false
        do {
            for try await chunk in execution.standardOutput {
                if Task.isCancelled { break }
                if consume(chunk.withUnsafeBytes { Array($0) }) == .stop {
                    stopped = true
                    _ = killpg(group, SIGKILL)
                    break
                }
            }
        } catch {
            // A read error ends the stream; the exit status tells the rest.
        }
        if Task.isCancelled {
            // Timed out: swift-subprocess's teardown has sent SIGTERM to the group. Give it the
            // grace period, then SIGKILL whatever is left, including members that ignored SIGTERM
            // after the leader exited (the teardown stops once the leader is gone).
            await Task.detached { try? await Task.sleep(for: grace) }.value
            _ = killpg(group, SIGKILL)
        }
        await errorRead
        if !stopped, !Task.isCancelled, hasExited(group) {
            // The leader is done; background children it left behind (`sleep 600 &`) go with it.
            _ = killpg(group, SIGKILL)
        }
        return Result(stderr: stderr.text, truncated: stopped || stderr.overflowed)
    }

    /// Reads `sequence` to its end, keeping what fits in `buffer` (the rest is read and dropped so
    /// the writer never blocks on a full pipe).
    private static func readAll(_ sequence: SubprocessOutputSequence, into buffer: CappedBuffer) async {
        do {
            for try await chunk in sequence {
                if Task.isCancelled { break }
                buffer.append(chunk.withUnsafeBytes { Array($0) })
            }
        } catch {
            // As above.
        }
    }

    /// Whether `pid` has exited (a zombie waiting to be reaped) or is gone.
    static func hasExited(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return true }
        let state = stat[stat.index(after: close)...].drop { $0 == " " }.first
        return state == "Z" || state == "X"
    }
}
