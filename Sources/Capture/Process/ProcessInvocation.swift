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

    /// An invocation of `argv` with its limits.
    public init(argv: [String], timeout: TimeInterval, maxBytes: Int, environment: [String: String]? = nil) {
        self.argv = argv
        self.timeout = timeout
        self.maxBytes = maxBytes
        self.environment = environment
    }
}
