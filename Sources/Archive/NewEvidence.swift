import Foundation
import AftermathCore

/// An evidence item ready to store: already redacted; the archive hashes and chains it.
public struct NewEvidence: HasEvidenceHeader, Sendable {
    public var header: EvidenceHeader
    public var exitCode: Int32?
    public var content: Data
    /// `text/plain` or `application/json` (metric series).
    public var contentType: String
    public var redactions: Int
    /// Lines to index for search (log lines, command output lines).
    public var lines: [LogLine]
    public var startedAt: Date
    public var finishedAt: Date

    public init(
        kind: EvidenceKind, name: String, host: String?, request: [String: String], status: EvidenceStatus, error: String?,
        exitCode: Int32?, content: Data, contentType: String, redactions: Int, lines: [LogLine], startedAt: Date, finishedAt: Date
    ) {
        header = EvidenceHeader(kind: kind, name: name, host: host, request: request, status: status, error: error)
        self.exitCode = exitCode
        self.content = content
        self.contentType = contentType
        self.redactions = redactions
        self.lines = lines
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}

/// What storing a job's evidence did.
public enum StoreOutcome: Sendable, Equatable {
    /// Stored with these ids.
    case stored([String])
    /// The job is no longer this worker's (its lease expired and another run took it, or it ended):
    /// nothing was stored, so a job never gets two evidence sets.
    case leaseLost
}

/// How far a job's lease moves each time a store's transaction renews it: `duration` past `clock`'s now.
public struct LeaseRenewal: Sendable {
    public var duration: TimeInterval
    public var clock: any WallClock

    public init(duration: TimeInterval, clock: any WallClock) {
        self.duration = duration
        self.clock = clock
    }

    func until() -> Date { clock.now().addingTimeInterval(duration) }
}
