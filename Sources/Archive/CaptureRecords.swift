import AftermathCore
import Foundation
import GRDB

/// Why a capture was taken.
public enum CaptureKind: String, Codable, Sendable {
    /// When the incident opened: [start − lookback, now].
    case opening
    /// After it resolved: [start − lookback, resolve + lookahead], run once the lookahead passed.
    case closing
    /// When it reopened: [reopen − lookback, now].
    case reopened
    /// `aftermath capture`, for an incident or ad hoc.
    case manual
    /// `aftermath import slack`: a chat transcript over the import window (v8).
    case chat
}

/// Where a capture job is.
public enum JobState: String, Codable, Sendable {
    case queued, running, done, failed
}

/// A row of `capture`: one snapshot of evidence over a window.
public struct CaptureRecord: Codable, Sendable, Equatable, FetchableRecord, TableRecord {
    public static let databaseTableName = "capture"

    public var id: Int64
    public var incidentID: String?
    public var kind: CaptureKind
    public var windowStart: Date
    public var windowEnd: Date
    /// The labels collectors were selected and templated with (redacted), JSON.
    public var labels: [String: String]
    /// JSON array of the incident's alerts at planning time (name, labels, times, generatorURL).
    public var alerts: String
    public var requestedBy: String
    public var requestedAt: Date
    public var runAfter: Date
    public var finishedAt: Date?
    /// JSON manifest written when every job has ended.
    public var manifest: String?
    public var manifestSHA256: String?

    enum CodingKeys: String, CodingKey {
        case id, kind, labels, alerts, manifest
        case incidentID = "incident_id", windowStart = "window_start", windowEnd = "window_end"
        case requestedBy = "requested_by", requestedAt = "requested_at", runAfter = "run_after"
        case finishedAt = "finished_at", manifestSHA256 = "manifest_sha256"
    }
}

/// A row of `capture_job`: one collector against one host for one capture, durable across restarts.
public struct CaptureJobRecord: Codable, Sendable, Equatable, FetchableRecord, TableRecord {
    public static let databaseTableName = "capture_job"

    public var id: Int64
    public var captureID: Int64
    public var collector: String
    public var host: String?
    /// Set when planning refused the host (not allow-listed, option-like): no process ever starts.
    public var refusal: String?
    public var state: JobState
    public var attempts: Int
    public var maxAttempts: Int
    public var runAfter: Date
    public var leaseUntil: Date?
    public var leaseToken: String?
    public var lastError: String?
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, collector, host, refusal, state, attempts
        case captureID = "capture_id", maxAttempts = "max_attempts", runAfter = "run_after"
        case leaseUntil = "lease_until", leaseToken = "lease_token", lastError = "last_error"
        case createdAt = "created_at", startedAt = "started_at", finishedAt = "finished_at"
    }
}

/// A row of `evidence` without its content: what was asked, of whom, how it went.
public struct EvidenceSummary: Codable, Sendable, Equatable, FetchableRecord {
    public var id: String
    public var seq: Int64
    public var jobID: Int64
    public var captureID: Int64
    public var incidentID: String?
    public var collector: String
    public var kind: EvidenceKind
    public var name: String
    public var host: String?
    /// JSON object: the query, argv, path or URL.
    public var request: String
    public var windowStart: Date
    public var windowEnd: Date
    public var status: EvidenceStatus
    public var error: String?
    public var exitCode: Int32?
    public var contentType: String
    public var size: Int
    public var sha256: String
    public var redactions: Int
    public var lineCount: Int
    public var startedAt: Date
    public var finishedAt: Date
    public var storedAt: Date
    /// When retention removed the content (hash, size, metadata and chain link stay); nil while kept.
    public var contentRemovedAt: Date?
    /// The policy that removed it, e.g. `retention.evidence_content 90d`.
    public var contentRemovedBy: String?

    enum CodingKeys: String, CodingKey {
        case id, seq, collector, kind, name, host, request, status, error, size, sha256, redactions
        case contentRemovedAt = "content_removed_at", contentRemovedBy = "content_removed_by"
        case jobID = "job_id", captureID = "capture_id", incidentID = "incident_id"
        case windowStart = "window_start", windowEnd = "window_end", exitCode = "exit_code"
        case contentType = "content_type", lineCount = "line_count"
        case startedAt = "started_at", finishedAt = "finished_at", storedAt = "stored_at"
    }

    /// The request as its fields (`query`, `argv`, `path`, `url`, …); empty when unreadable.
    public var requestFields: [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(request.utf8))) ?? [:]
    }

    /// The columns this summary reads (everything but the content).
    static let columns = """
        id, seq, job_id, capture_id, incident_id, collector, kind, name, host, request, window_start, window_end,
        status, error, exit_code, content_type, size, sha256, redactions, line_count, started_at, finished_at, stored_at,
        content_removed_at, content_removed_by
        """
}

/// One line of log-like evidence, indexed for search.
public struct EvidenceLineRecord: Codable, Sendable, Equatable, FetchableRecord {
    public var id: Int64
    public var evidenceID: String
    public var incidentID: String?
    public var lineNo: Int
    public var ts: Date?
    public var source: String
    public var text: String

    enum CodingKeys: String, CodingKey {
        case id, ts, source, text
        case evidenceID = "evidence_id", incidentID = "incident_id", lineNo = "line_no"
    }
}
