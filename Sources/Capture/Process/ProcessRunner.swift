import Foundation

/// What a stream consumer wants after a chunk of output.
public enum StreamControl: Sendable, Equatable {
    /// Keep reading.
    case more
    /// Enough: the runner kills the process group and stops reading.
    case stop
}

/// Runs programs. The only way collectors start processes, so tests can watch (or replace) it.
public protocol ProcessRunner: Sendable {
    /// Runs `invocation` to the end, its time limit or its output cap; never throws.
    func run(_ invocation: ProcessInvocation) async -> ProcessOutcome

    /// Like `run`, but hands stdout to `consume` chunk by chunk instead of keeping it, so a large
    /// file can be filtered without holding it in memory (`maxBytes` then caps stderr only).
    /// The outcome's `stdout` is empty; `truncated` is set when `consume` returned `.stop`.
    func stream(
        _ invocation: ProcessInvocation, stdout consume: @escaping @Sendable ([UInt8]) -> StreamControl
    ) async -> ProcessOutcome
}

extension ProcessRunner {
    /// Default streaming for runners that only implement `run` (test spies, fakes): runs to the
    /// end, then feeds the captured stdout to `consume` in one chunk.
    public func stream(
        _ invocation: ProcessInvocation, stdout consume: @escaping @Sendable ([UInt8]) -> StreamControl
    ) async -> ProcessOutcome {
        var outcome = await run(invocation)
        let bytes = Array(outcome.stdout.utf8)
        if !bytes.isEmpty, consume(bytes) == .stop { outcome.truncated = true }
        outcome.stdout = ""
        return outcome
    }
}
