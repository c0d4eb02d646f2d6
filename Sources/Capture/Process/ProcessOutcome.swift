import AftermathCore
import Foundation

/// How a process run ended and what it printed. Running never throws: a program that could not
/// be started is an outcome with `launchError`.
public struct ProcessOutcome: Sendable, Equatable {
    /// The exit status, when the process exited by itself (nil when killed by a signal or never started).
    public var exitCode: Int32?
    /// The signal that ended the process, if one did.
    public var signal: Int32?
    /// Standard output (the first `maxBytes`, UTF-8 with invalid bytes replaced); empty when streamed.
    public var stdout = ""
    /// Standard error (the first `maxBytes`).
    public var stderr = ""
    /// The time limit ran out and the process group was torn down.
    public var timedOut = false
    /// Output was cut: stdout or stderr went over `maxBytes`, or a stream consumer stopped reading.
    public var truncated = false
    /// Why the program could not be started (not found, not executable, bad argv), else nil.
    public var launchError: String?
    /// Wall-clock time from launch to the end of the run, in seconds.
    public var duration: TimeInterval = 0

    /// An outcome for a program that was never started.
    public static func notLaunched(_ reason: String) -> ProcessOutcome {
        ProcessOutcome(launchError: reason)
    }

    /// True when the process exited with status 0 and was neither timed out nor cut short.
    public var succeeded: Bool { exitCode == 0 && !timedOut && launchError == nil }

    /// The first non-empty line of stderr, trimmed (what an error message quotes).
    public var firstStderrLine: String? {
        stderr.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty }
    }

    /// Why the run failed, in one line, or nil when it exited 0:
    /// `exit status 2: <first stderr line>`, `timed out after 2s`, `killed by signal 9`, the launch error.
    public func failureDescription(timeout: TimeInterval) -> String? {
        if let launchError { return launchError }
        if timedOut { return "timed out after \(ProcessOutcome.seconds(timeout))" }
        if let signal { return "killed by signal \(signal)" + (firstStderrLine.map { ": \($0)" } ?? "") }
        guard let exitCode else { return "ended without an exit status" }
        if exitCode == 0 { return nil }
        return "exit status \(exitCode)" + (firstStderrLine.map { ": \($0)" } ?? "")
    }

    static func seconds(_ value: TimeInterval) -> String {
        value == value.rounded() ? "\(Int(saturating: value))s" : String(format: "%.1fs", value)
    }
}
