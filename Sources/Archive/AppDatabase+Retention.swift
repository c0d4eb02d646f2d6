import Foundation
import AftermathCore
import GRDB

extension AppDatabase {
    /// What `applyRetention` would remove at `now`, without changing anything.
    public func retentionPreview(_ policy: RetentionPolicy, now: Date) async throws -> RetentionPreview {
        try await writer.read { db in
            var preview = RetentionPreview()
            preview.evidence = try Self.expiredEvidence(db, policy, now: now)
            if let age = policy.rawDeliveries {
                let row = try Row.fetchOne(db, sql: """
                    SELECT count(*) AS n, coalesce(sum(length(body)), 0) AS bytes FROM delivery
                    WHERE body_removed_at IS NULL AND received_at <= ?
                    """, arguments: [now.addingTimeInterval(-age)])
                preview.deliveries = row?["n"] ?? 0
                preview.deliveryBytes = row?["bytes"] ?? 0
            }
            return preview
        }
    }

    /// Applies `policy` as of `clock`'s now: empties expired evidence content (the hash, size, metadata and chain
    /// link stay, and the item records when and by which rule), deletes its indexed lines, empties
    /// expired raw deliveries, then gives freed pages back to the file system.
    ///
    /// Every step is its own short write transaction bounded by `limits`, so webhooks committed
    /// meanwhile wait for one step at most. `betweenSteps` runs after each (tests observe interleaving).
    public func applyRetention(
        _ policy: RetentionPolicy, clock: any WallClock, limits: RetentionLimits = RetentionLimits(),
        betweenSteps: @Sendable () async throws -> Void = {}
    ) async throws -> RetentionReport {
        let now = clock.now()
        var report = RetentionReport()
        report.fileBytesBefore = fileSize()
        let runID = try await writer.write { db in
            try db.execute(sql: "INSERT INTO retention_run (started_at, policy) VALUES (?, ?)", arguments: [now, policy.summary])
            return db.lastInsertedRowID
        }
        report.transactions += 1

        let expired = try await writer.read { db in try Self.expiredEvidence(db, policy, now: now) }
        for item in expired {
            let bytes = try await writer.write { db -> Int? in
                let size = try Int.fetchOne(
                    db, sql: "SELECT CASE content_lines WHEN 0 THEN length(content) ELSE size END FROM evidence WHERE id = ? AND content_removed_at IS NULL", arguments: [item.id])
                guard let size else { return nil }
                try db.execute(sql: """
                    UPDATE evidence SET content = x'', content_removed_at = ?, content_removed_by = ? WHERE id = ?
                    """, arguments: [now, item.rule, item.id])
                return size
            }
            report.transactions += 1
            if let bytes {
                report.evidenceRemoved.append(item.id)
                report.bytesRemoved += bytes
            }
            try await betweenSteps()
        }
        // Lines of removed items (also those an interrupted run left behind), a batch at a time.
        while let batch = try await removeLineBatch(limit: limits.linesPerTransaction) {
            report.transactions += 1
            report.linesRemoved += batch
            report.largestLineBatch = max(report.largestLineBatch, batch)
            try await betweenSteps()
        }
        // FTS5 only marks deleted rows; merging segments (a bounded amount of work per step) drops them.
        if report.linesRemoved > 0 {
            for _ in 0..<limits.indexMergeStepsPerRun {
                let worked = try await writer.write { db -> Bool in
                    let before = db.totalChangesCount
                    try db.execute(sql: "INSERT INTO evidence_fts (evidence_fts, rank) VALUES ('merge', ?)", arguments: [-limits.pagesPerVacuumStep])
                    return db.totalChangesCount - before >= 2
                }
                report.transactions += 1
                guard worked else { break }
                try await betweenSteps()
            }
        }
        if let age = policy.rawDeliveries {
            let cutoff = now.addingTimeInterval(-age)
            while true {
                let (count, bytes) = try await writer.write { db -> (Int, Int) in
                    let ids = try Int64.fetchAll(db, sql: """
                        SELECT id FROM delivery WHERE body_removed_at IS NULL AND received_at <= ? ORDER BY received_at LIMIT ?
                        """, arguments: [cutoff, limits.deliveriesPerTransaction])
                    guard !ids.isEmpty else { return (0, 0) }
                    let marks = ids.map { _ in "?" }.joined(separator: ",")
                    let bytes = try Int.fetchOne(
                        db, sql: "SELECT coalesce(sum(length(body)), 0) FROM delivery WHERE id IN (\(marks))", arguments: StatementArguments(ids)) ?? 0
                    var arguments: StatementArguments = [now]
                    arguments += StatementArguments(ids)
                    try db.execute(
                        sql: "UPDATE delivery SET body = x'', headers = '[]', body_removed_at = ? WHERE id IN (\(marks))", arguments: arguments)
                    return (ids.count, bytes)
                }
                report.transactions += 1
                guard count > 0 else { break }
                report.deliveriesRemoved += count
                report.bytesRemoved += bytes
                try await betweenSteps()
            }
        }
        report.autoVacuum = try await autoVacuumMode()
        if report.autoVacuum == "incremental" {
            while true {
                let freed = try await incrementalVacuumStep(pages: limits.pagesPerVacuumStep)
                report.transactions += 1
                guard freed > 0 else { break }
                report.pagesFreed += freed
                try await betweenSteps()
            }
            // Let the shrink reach the file now (a passive checkpoint never waits for readers or writers).
            try await writer.writeWithoutTransaction { db in _ = try Row.fetchAll(db, sql: "PRAGMA wal_checkpoint(PASSIVE)") }
        }
        report.fileBytesAfter = fileSize()
        let finished = report
        try await writer.write { db in
            try db.execute(sql: """
                UPDATE retention_run SET finished_at = ?, evidence_removed = ?, lines_removed = ?, deliveries_removed = ?,
                    bytes_removed = ?, pages_freed = ? WHERE id = ?
                """, arguments: [clock.now(), finished.evidenceRemoved.count, finished.linesRemoved, finished.deliveriesRemoved,
                                 finished.bytesRemoved, finished.pagesFreed, runID])
        }
        report.transactions += 1
        return report
    }

    /// Deletes up to `limit` indexed lines of items whose content was removed, with their full-text
    /// entries; nil when none is left.
    private func removeLineBatch(limit: Int) async throws -> Int? {
        try await writer.write { db -> Int? in
            guard let evidenceID = try String.fetchOne(db, sql: """
                SELECT evidence_line.evidence_id FROM evidence_line
                JOIN evidence ON evidence.id = evidence_line.evidence_id
                WHERE evidence.content_removed_at IS NOT NULL LIMIT 1
                """) else { return nil }
            guard let upTo = try Int.fetchOne(db, sql: """
                SELECT max(line_no) FROM (SELECT line_no FROM evidence_line WHERE evidence_id = ? ORDER BY line_no LIMIT ?)
                """, arguments: [evidenceID, limit]) else { return nil }
            try Self.unindexLines(db, evidenceID: evidenceID, upTo: upTo, by: .lineNumber)
            return db.changesCount
        }
    }

    /// `PRAGMA auto_vacuum` as a word: `none`, `full` or `incremental`.
    public func autoVacuumMode() async throws -> String {
        try await writer.read { db in
            switch try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") ?? 0 {
            case 1: "full"
            case 2: "incremental"
            default: "none"
            }
        }
    }

    /// Gives up to `pages` free pages back to the file system in one short transaction; returns how many.
    public func incrementalVacuumStep(pages: Int) async throws -> Int {
        try await writer.writeWithoutTransaction { db in
            let before = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            guard before > 0 else { return 0 }
            try db.execute(sql: "PRAGMA incremental_vacuum(\(max(1, pages)))")
            let after = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            return max(0, before - after)
        }
    }

    /// The size of the main database file in bytes (0 for an in-memory database).
    public func fileSize() -> Int64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: writer.path)
        return (attributes?[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Retention runs, newest first (what was removed and when).
    public func retentionRuns(limit: Int = 20) async throws -> [RetentionRun] {
        try await writer.read { db in
            try RetentionRun.fetchAll(db, sql: "SELECT * FROM retention_run ORDER BY id DESC LIMIT ?", arguments: [limit])
        }
    }

    static func expiredEvidence(_ db: Database, _ policy: RetentionPolicy, now: Date) throws -> [RetentionPreview.Item] {
        guard let shortest = policy.shortestEvidenceAge else { return [] }
        let rows = try Row.fetchAll(db, sql: """
            SELECT id, incident_id, collector, stored_at, size FROM evidence
            WHERE content_removed_at IS NULL AND stored_at <= ? ORDER BY seq
            """, arguments: [now.addingTimeInterval(-shortest)])
        return rows.compactMap { row in
            let collector: String = row["collector"]
            let storedAt: Date = row["stored_at"]
            guard let rule = policy.evidenceRule(collector: collector), storedAt <= now.addingTimeInterval(-rule.age) else { return nil }
            return RetentionPreview.Item(
                id: row["id"], incidentID: row["incident_id"], collector: collector, storedAt: storedAt, size: row["size"], rule: rule.label)
        }
    }
}
