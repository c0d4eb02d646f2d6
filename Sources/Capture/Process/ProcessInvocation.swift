import Foundation

/// One program to run: an argv (never a shell line), a time limit and an output cap.
public struct ProcessInvocation: Sendable, Equatable {
    /// The program and its arguments; `argv[0]` is looked up in `ProcessEnvironment.searchPath`
    /// unless it contains a `/`.
    public var argv: [String]
    /// Seconds before the whole process group is torn down (SIGTERM, then SIGKILL).
    public var timeout: TimeInterval
    /// Cap on stdout and on stderr, each: the first `maxBytes` are kept, the rest is dropped.
    public var maxBytes: Int
    /// Variables added to the minimal environment (`ProcessEnvironment.base`); nil adds none.
    public var environment: [String: String]?
}
