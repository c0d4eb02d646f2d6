import AftermathCore
import Foundation
import GRDB

/// A capture to create: the window, why, and one job per (collector, host).
public struct PlannedCapture: Sendable {
    public struct Job: Sendable {
        public var collector: String
        public var host: String?
        /// Non-nil when the host was refused at planning time; the job then records the refusal.
        public var refusal: String?

        public init(collector: String, host: String?, refusal: String? = nil) {
            self.collector = collector
            self.host = host
            self.refusal = refusal
        }
    }

    public var incidentID: String?
    public var kind: CaptureKind
    public var window: DateInterval
    public var labels: [String: String]
    /// JSON array of alert contexts.
    public var alertsJSON: String
    public var requestedBy: String
    public var requestedAt: Date
    public var runAfter: Date
    public var maxAttempts: Int
    public var jobs: [Job]

    public init(
        incidentID: String?, kind: CaptureKind, window: DateInterval, labels: [String: String], alertsJSON: String,
        requestedBy: String, requestedAt: Date, runAfter: Date, maxAttempts: Int, jobs: [Job]
    ) {
        self.incidentID = incidentID
        self.kind = kind
        self.window = window
        self.labels = labels
        self.alertsJSON = alertsJSON
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.runAfter = runAfter
        self.maxAttempts = maxAttempts
        self.jobs = jobs
    }
}

/// A job a worker now owns until `leaseUntil`; `leaseToken` fences its result.
public struct ClaimedJob: Sendable, Equatable {
    public var job: CaptureJobRecord
    public var capture: CaptureRecord
}

extension AppDatabase {
    /// Inserts a capture and its jobs, inside an existing transaction (`IntakeTransaction`) or alone.
    @discardableResult
    static func insertCapture(_ db: Database, _ plan: PlannedCapture) throws -> Int64 {
        let labels = String(decoding: try JSONEncoder.sorted.encode(plan.labels), as: UTF8.self)
        try db.cachedStatement(sql: """
            INSERT INTO capture (incident_id, kind, window_start, window_end, labels, alerts, requested_by, requested_at, run_after)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [plan.incidentID, plan.kind.rawValue, plan.window.start, plan.window.end, labels,
                             plan.alertsJSON, plan.requestedBy, plan.requestedAt, plan.runAfter])
        let captureID = db.lastInsertedRowID
        for job in plan.jobs {
            try db.cachedStatement(sql: """
                INSERT INTO capture_job (capture_id, collector, host, refusal, state, max_attempts, run_after, created_at)
                VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)
                """).execute(arguments: [captureID, job.collector, job.host, job.refusal, plan.maxAttempts, plan.runAfter, plan.requestedAt])
        }
        if plan.jobs.isEmpty {
            try db.cachedStatement(sql: "UPDATE capture SET finished_at = ? WHERE id = ?").execute(arguments: [plan.requestedAt, captureID])
        }
        return captureID
    }

    /// Creates a capture outside intake (the CLI's `aftermath capture`).
    public func createCapture(_ plan: PlannedCapture) async throws -> Int64 {
        try await writer.write { db in try Self.insertCapture(db, plan) }
    }

    /// Claims up to `limit` runnable jobs: queued and due, or running with an expired lease
    /// (its worker died). A job whose attempts are used up is failed instead, with the reason.
    /// `only` restricts claiming to one capture (the CLI runs just its own).
    public func claimJobs(now: Date, limit: Int, lease: TimeInterval, only captureID: Int64? = nil) async throws -> (claimed: [ClaimedJob], abandoned: [Int64]) {
        guard limit > 0 else { return ([], []) }
        return try await writer.write { db in
            var sql = """
                SELECT * FROM capture_job
                WHERE ((state = 'queued' AND run_after <= ?) OR (state = 'running' AND lease_until < ?))
                """
            var arguments: StatementArguments = [now, now]
            if let captureID {
                sql += " AND capture_id = ?"
                arguments += [captureID]
            }
            sql += " ORDER BY run_after, id LIMIT ?"
            arguments += [limit]
            let candidates = try CaptureJobRecord.fetchAll(db, sql: sql, arguments: arguments)
            var claimed: [ClaimedJob] = []
            var abandoned: [Int64] = []
            for var job in candidates {
                if job.attempts >= job.maxAttempts {
                    let reason = "abandoned after \(job.attempts) attempt(s): the worker running it stopped before finishing (lease expired)"
                    try db.execute(
                        sql: "UPDATE capture_job SET state = 'failed', last_error = ?, finished_at = ?, lease_token = NULL WHERE id = ?",
                        arguments: [reason, now, job.id])
                    abandoned.append(job.id)
                    try Self.finishCaptureIfComplete(db, captureID: job.captureID, now: now)
                    continue
                }
                job.state = .running
                job.attempts += 1
                job.leaseUntil = now.addingTimeInterval(lease)
                job.leaseToken = UUID().uuidString
                job.startedAt = job.startedAt ?? now
                try db.execute(sql: """
                    UPDATE capture_job SET state = 'running', attempts = ?, lease_until = ?, lease_token = ?, started_at = ?
                    WHERE id = ?
                    """, arguments: [job.attempts, job.leaseUntil, job.leaseToken, job.startedAt, job.id])
                guard let capture = try CaptureRecord.fetchOne(db, key: job.captureID) else { continue }
                claimed.append(ClaimedJob(job: job, capture: capture))
            }
            return (claimed, abandoned)
        }
    }

    /// Extends a running job's lease while its worker is alive; false once the job is no longer its.
    public func renewLease(jobID: Int64, token: String, until: Date) async throws -> Bool {
        try await writer.write { db in try Self.extendLease(db, jobID: jobID, token: token, until: until) }
    }

    /// Moves a running job's lease to `until` while `token` holds it; false once it does not.
    static func extendLease(_ db: Database, jobID: Int64, token: String, until: Date) throws -> Bool {
        let update = try db.cachedStatement(
            sql: "UPDATE capture_job SET lease_until = ? WHERE id = ? AND state = 'running' AND lease_token = ?")
        try update.execute(arguments: [until, jobID, token])
        return db.changesCount == 1
    }

    /// The earliest time a queued job becomes due (for the worker's sleep), if any.
    public func nextJobDue() async throws -> Date? {
        try await writer.read { db in
            try Date.fetchOne(db, sql: """
                SELECT min(t) FROM (
                    SELECT min(run_after) AS t FROM capture_job WHERE state = 'queued'
                    UNION ALL SELECT min(lease_until) FROM capture_job WHERE state = 'running')
                """)
        }
    }

    /// Jobs of a capture and their states.
    public func jobs(ofCapture captureID: Int64) async throws -> [CaptureJobRecord] {
        try await writer.read { db in
            try CaptureJobRecord.filter(Column("capture_id") == captureID).order(Column("id")).fetchAll(db)
        }
    }

    /// Marks the capture finished and writes its manifest once no job is queued or running.
    static func finishCaptureIfComplete(_ db: Database, captureID: Int64, now: Date) throws {
        let pending = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM capture_job WHERE capture_id = ? AND state IN ('queued', 'running')
            """, arguments: [captureID]) ?? 0
        guard pending == 0 else { return }
        guard let capture = try CaptureRecord.fetchOne(db, key: captureID), capture.finishedAt == nil else { return }
        let manifest = try finishCapture(db, capture, now: now)
        if let incidentID = capture.incidentID {
            var event = TimelineEventRecord(
                id: nil, incidentID: incidentID, at: now, kind: .capture, source: "aftermath", actor: nil,
                text: manifest.summaryLine, deliveryID: nil, createdAt: now)
            try event.insert(db)
        }
    }
}

extension AppDatabase {
    /// Marks `capture` finished at `now` with its manifest (written once, hashed); returns the manifest.
    static func finishCapture(_ db: Database, _ capture: CaptureRecord, now: Date) throws -> CaptureManifest {
        let manifest = try CaptureManifest.build(db, capture: capture)
        let json = try manifest.json()
        try db.execute(
            sql: "UPDATE capture SET finished_at = ?, manifest = ?, manifest_sha256 = ? WHERE id = ?",
            arguments: [now, json, IncomingDelivery.sha256Hex(Array(json.utf8)), capture.id])
        return manifest
    }
}

extension JSONEncoder {
    /// Sorted keys, no escaped slashes: stable JSON for hashing and diffs.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(Timestamp.format(date))
        }
        return encoder
    }
}
