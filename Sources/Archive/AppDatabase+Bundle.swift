import AftermathCore
import Foundation
import GRDB

extension AppDatabase {
    /// This archive's identity (`archive_identity.archive_id`).
    public func archiveID() async throws -> String {
        try await writer.read { db in try String.fetchOne(db, sql: "SELECT archive_id FROM archive_identity WHERE id = 1") ?? "" }
    }

    /// Everything about incident `id` in one read transaction (a consistent copy while intake writes); nil if unknown.
    public func incidentCopy(id: String) async throws -> IncidentCopy? {
        try await writer.read { db in
            guard let detail = try Self.detail(db, id: id) else { return nil }
            let archiveID = try String.fetchOne(db, sql: "SELECT archive_id FROM archive_identity WHERE id = 1") ?? ""
            let deliveries = try Row.fetchAll(db, sql: """
                SELECT delivery.* FROM delivery JOIN delivery_incident ON delivery_incident.delivery_id = delivery.id
                WHERE delivery_incident.incident_id = ? ORDER BY delivery.id
                """, arguments: [id]).map { row in
                    IncidentCopy.Delivery(
                        id: row["id"], source: row["source"], dedupKey: row["dedup_key"], receivedAt: row["received_at"],
                        headers: row["headers"], bodySHA256: row["body_sha256"], disposition: row["disposition"], error: row["error"],
                        bodyRemovedAt: row["body_removed_at"], body: (row["body_removed_at"] as Date?) == nil ? (row["body"] as Data? ?? Data()) : nil)
                }
            let captures = try CaptureRecord.filter(Column("incident_id") == id).order(Column("id")).fetchAll(db)
            let jobs = try CaptureJobRecord.fetchAll(db, sql: """
                SELECT capture_job.* FROM capture_job JOIN capture ON capture.id = capture_job.capture_id
                WHERE capture.incident_id = ? ORDER BY capture_job.id
                """, arguments: [id])
            var evidence: [IncidentCopy.Evidence] = []
            for row in try Row.fetchAll(db, sql: "SELECT * FROM evidence WHERE incident_id = ? ORDER BY seq", arguments: [id]) {
                let summary = try EvidenceSummary(row: row)
                let lines = try EvidenceLineRecord.fetchAll(
                    db, sql: "SELECT * FROM evidence_line WHERE evidence_id = ? ORDER BY line_no", arguments: [summary.id])
                evidence.append(IncidentCopy.Evidence(
                    summary: summary, ordinal: row["ordinal"], prevHash: row["prev_hash"], chainHash: row["chain_hash"],
                    metadata: Self.chainMetadata(row), content: try Self.content(db, row: row, lines: lines.map(\.text)), lines: lines))
            }
            let head = try EvidenceChain.head(db)
            return IncidentCopy(
                archiveID: archiveID, incident: detail.incident, alerts: detail.alerts, timeline: detail.timeline,
                deliveries: deliveries, captures: captures, jobs: jobs, evidence: evidence,
                postmortem: try PostmortemRecord.fetchOne(db, key: id), chainHeadSeq: head.seq, chainHeadHash: head.hash)
        }
    }

    /// Records that a bundle of `incidentID` with `digest` was written (so this archive can later
    /// confirm it issued a bundle someone shows it).
    public func recordExport(incidentID: String, digest: String, file: String, evidenceCount: Int, at: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO bundle_export (digest, incident_id, exported_at, file, evidence_count) VALUES (?, ?, ?, ?, ?)
                """, arguments: [digest, incidentID, at, file, evidenceCount])
        }
    }

    /// When this archive exported a bundle with `digest`, if it did.
    public func exportRecord(digest: String) async throws -> (incidentID: String, at: Date)? {
        try await writer.read { db in
            guard let row = try Row.fetchOne(
                db, sql: "SELECT incident_id, exported_at FROM bundle_export WHERE digest = ? ORDER BY id LIMIT 1", arguments: [digest])
            else { return nil }
            return (row["incident_id"], row["exported_at"])
        }
    }

    /// Adds `copy` (from a bundle with `digest`) to this archive in one transaction, without breaking
    /// its chain: the items are appended to this archive's chain (each keeps its original link in
    /// `evidence_origin`), keeping their ids when all of them come after this archive's head and are
    /// free (a fresh archive), else renumbered, with citations in the postmortem, the timeline and the
    /// capture manifests following. Its changes are added unless held already (by source and dedup
    /// key; the delivery a change came from stays behind). Refuses a bundle, or an incident, imported before.
    ///
    /// `postmortem` is the bundle's file (name, text); `isFree` says whether a file name is unused on disk.
    public func importIncident(
        _ copy: IncidentCopy, digest: String, postmortem: (name: String, text: String)?, now: Date,
        isFree: @escaping @Sendable (String) -> Bool = { _ in true }
    ) async throws -> ImportResult {
        try await writer.write { db in
            try Self.refuseDuplicate(db, copy: copy, digest: digest)
            let origin = copy.archiveID
            // Deliveries: new ids; the dedup key says where they came from, so live intake never matches them.
            var deliveryIDs: [Int64: Int64] = [:]
            for d in copy.deliveries {
                try db.execute(sql: """
                    INSERT INTO delivery (source, dedup_key, received_at, headers, body, body_sha256, disposition, error, body_removed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [d.source, "imported:\(origin):\(d.id):\(d.dedupKey)", d.receivedAt, d.headers, d.body ?? Data(),
                                     d.bodySHA256, d.disposition, d.error, d.bodyRemovedAt])
                deliveryIDs[d.id] = db.lastInsertedRowID
            }
            // Evidence ids: kept when they can be (after this archive's head and never handed out
            // here), else renumbered from the id counter; seqs always continue this archive's chain.
            var (seq, previous) = try EvidenceChain.head(db)
            let originSeqs = copy.evidence.map(\.summary.seq)
            let nextFree = try Self.nextEvidenceNumber(db)
            // Ids and seqs need not match: items stored concurrently take ids and chain places in different orders.
            let idNumbers = copy.evidence.map { item in
                item.summary.id.hasPrefix("ev-") ? Int64(item.summary.id.dropFirst(3)) : nil
            }
            let keepIDs = try (originSeqs.min().map { $0 > seq } ?? true)
                && idNumbers.allSatisfy { $0.map { $0 >= nextFree } ?? false }
                && copy.evidence.allSatisfy { item in
                    try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM evidence WHERE id = ?)", arguments: [item.summary.id]) ?? false)
                }
            var plannedSeq: [String: Int64] = [:]
            var mapping: [String: String] = [:]
            let fresh = keepIDs ? [] : try Self.reserveEvidenceIDs(db, count: copy.evidence.count)
            var next = seq
            for (index, item) in copy.evidence.enumerated() {
                next = keepIDs ? item.summary.seq : next + 1
                plannedSeq[item.summary.id] = next
                mapping[item.summary.id] = keepIDs ? item.summary.id : fresh[index]
            }
            if keepIDs, let last = idNumbers.compactMap({ $0 }).max() { try Self.skipEvidenceNumbers(db, through: last) }
            let ids = EvidenceIDMap(mapping)

            var incident = copy.incident
            incident.updatedAt = max(incident.updatedAt, incident.createdAt)
            try incident.insert(db)
            for d in copy.deliveries {
                try db.execute(sql: "INSERT OR IGNORE INTO delivery_incident (delivery_id, incident_id) VALUES (?, ?)",
                               arguments: [deliveryIDs[d.id], incident.id])
            }
            for var alert in copy.alerts {
                alert.id = nil
                alert.correlationKey = "imported:\(origin):" + alert.correlationKey
                try alert.insert(db)
            }
            for var event in copy.timeline {
                event.id = nil
                event.deliveryID = event.deliveryID.flatMap { deliveryIDs[$0] }
                event.text = ids.rewrite(event.text)
                try event.insert(db)
            }
            var changesAdded = 0
            for change in copy.changes where try Self.insert(change.event, deliveryID: nil, now: now, in: db) { changesAdded += 1 }
            var captureIDs: [Int64: Int64] = [:]
            /// Each capture's window as this database reads it back: what `verify` will recompute from.
            var windows: [Int64: (start: Date, end: Date)] = [:]
            for capture in copy.captures {
                let manifest = capture.manifest.map(ids.rewrite)
                try db.execute(sql: """
                    INSERT INTO capture (incident_id, kind, window_start, window_end, labels, alerts, requested_by, requested_at,
                        run_after, finished_at, manifest, manifest_sha256)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        incident.id, capture.kind.rawValue, capture.windowStart, capture.windowEnd,
                        String(decoding: try JSONEncoder.sorted.encode(capture.labels), as: UTF8.self), capture.alerts,
                        capture.requestedBy, capture.requestedAt, capture.runAfter, capture.finishedAt ?? now, manifest,
                        manifest.map { IncomingDelivery.sha256Hex(Array($0.utf8)) },
                    ])
                captureIDs[capture.id] = db.lastInsertedRowID
                if let row = try Row.fetchOne(db, sql: "SELECT window_start, window_end FROM capture WHERE id = ?", arguments: [db.lastInsertedRowID]),
                   let start: Date = row["window_start"], let end: Date = row["window_end"] {
                    windows[capture.id] = (start, end)
                }
            }
            var jobIDs: [Int64: Int64] = [:]
            for job in copy.jobs {
                let finished = job.state == .done || job.state == .failed
                try db.execute(sql: """
                    INSERT INTO capture_job (capture_id, collector, host, refusal, state, attempts, max_attempts, run_after,
                        last_error, created_at, started_at, finished_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        captureIDs[job.captureID], job.collector, job.host, job.refusal, finished ? job.state.rawValue : JobState.failed.rawValue,
                        job.attempts, job.maxAttempts, job.runAfter,
                        finished ? job.lastError : "still \(job.state.rawValue) when the bundle was exported", job.createdAt, job.startedAt,
                        job.finishedAt ?? now,
                    ])
                jobIDs[job.id] = db.lastInsertedRowID
            }
            for item in copy.evidence {
                let s = item.summary
                guard let newSeq = plannedSeq[s.id], let captureID = captureIDs[s.captureID], let jobID = jobIDs[s.jobID],
                      let window = windows[s.captureID] else {
                    throw BundleImportError("evidence \(s.id) names capture \(s.captureID) / job \(s.jobID), which the bundle does not hold")
                }
                let id = mapping[s.id] ?? "ev-\(newSeq)"
                let metadata = EvidenceChain.metadata(
                    id: id, incidentID: incident.id, captureID: captureID, jobID: jobID, ordinal: item.ordinal, collector: s.collector,
                    kind: s.kind.rawValue, name: s.name, host: s.host, request: s.request, windowStart: window.start, windowEnd: window.end,
                    status: s.status.rawValue, error: s.error, exitCode: s.exitCode, size: s.size, redactions: s.redactions)
                let chain = EvidenceChain.link(previous: previous, contentSHA256: s.sha256, metadata: metadata)
                let layout = s.contentRemovedAt == nil ? EvidenceContentLayout.of(item.content, lines: item.lines.lazy.map(\.text)) : .blob
                try db.execute(sql: """
                    INSERT INTO evidence (id, seq, job_id, ordinal, capture_id, incident_id, collector, kind, name, host, request,
                        window_start, window_end, status, error, exit_code, content, content_lines, content_type, size, sha256, redactions,
                        line_count, started_at, finished_at, stored_at, prev_hash, chain_hash, content_removed_at, content_removed_by)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, x''), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        id, newSeq, jobID, item.ordinal, captureID, incident.id, s.collector, s.kind, s.name, s.host, s.request,
                        window.start, window.end, s.status, s.error, s.exitCode, layout == .blob ? item.content : nil, layout.rawValue,
                        s.contentType, s.size,
                        s.sha256, s.redactions, s.lineCount, s.startedAt, s.finishedAt, s.storedAt, previous, chain,
                        s.contentRemovedAt, s.contentRemovedBy,
                    ])
                try Self.indexLines(db, evidenceID: id, incidentID: incident.id, lines: ArraySlice(item.lines.map {
                    LogLine(timestamp: $0.ts, text: $0.text, source: $0.source)
                }))
                try db.execute(sql: """
                    INSERT INTO evidence_origin (evidence_id, bundle_digest, origin_archive, origin_id, origin_seq, origin_prev_hash,
                        origin_chain_hash, origin_metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [id, digest, origin, s.id, s.seq, item.prevHash, item.chainHash, item.metadata])
                previous = chain
                seq = newSeq
            }
            if let last = copy.evidence.last, let lastID = mapping[last.summary.id] {
                try EvidenceChain.setHead(db, seq: seq, hash: previous, lastID: lastID)
            }

            var stored: (file: String, text: String)?
            if let postmortem {
                let text = ids.rewrite(postmortem.text)
                let base = (postmortem.name as NSString).deletingPathExtension
                let candidates = [postmortem.name] + (2...20).map { "\(base)-\($0).md" }
                for name in candidates {
                    let taken = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM postmortem WHERE file = ?)", arguments: [name]) ?? true
                    if !taken, isFree(name) {
                        stored = (name, text)
                        break
                    }
                }
                guard stored != nil else { throw BundleImportError("no free postmortem file name for \(postmortem.name)") }
            }
            // A postmortem row (due never) keeps the scheduler from writing a new postmortem for a record.
            try db.execute(sql: """
                INSERT INTO postmortem (incident_id, file, due_at, due_reason, written_at, written_sha256, document_status, attempts,
                    created_at, updated_at) VALUES (?, ?, NULL, NULL, ?, ?, ?, 0, ?, ?)
                """, arguments: [incident.id, stored?.file, stored == nil ? nil : now, stored.map { IncomingDelivery.sha256Hex(Array($0.text.utf8)) },
                                 copy.postmortem?.documentStatus, now, now])
            try db.execute(sql: """
                INSERT INTO bundle_import (digest, origin_archive, origin_incident, incident_id, imported_at, evidence_ids)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [digest, origin, copy.incident.id, incident.id, now,
                                 String(decoding: try JSONEncoder.sorted.encode(mapping), as: UTF8.self)])
            return ImportResult(
                incidentID: incident.id, evidenceIDs: ids, deliveries: copy.deliveries.count, alerts: copy.alerts.count,
                timelineEvents: copy.timeline.count, changes: changesAdded, postmortem: stored)
        }
    }

    private static func refuseDuplicate(_ db: Database, copy: IncidentCopy, digest: String) throws {
        if let row = try Row.fetchOne(db, sql: "SELECT incident_id, imported_at FROM bundle_import WHERE digest = ?", arguments: [digest]) {
            throw ImportRefusal.alreadyImported(digest: digest, incidentID: row["incident_id"], at: row["imported_at"])
        }
        if let row = try Row.fetchOne(db, sql: """
            SELECT imported_at FROM bundle_import WHERE origin_archive = ? AND origin_incident = ?
            """, arguments: [copy.archiveID, copy.incident.id]) {
            throw ImportRefusal.incidentAlreadyImported(originArchive: copy.archiveID, incidentID: copy.incident.id, at: row["imported_at"])
        }
        let local = try String.fetchOne(db, sql: "SELECT archive_id FROM archive_identity WHERE id = 1") ?? ""
        if try IncidentRecord.fetchOne(db, key: copy.incident.id) != nil {
            throw local == copy.archiveID ? ImportRefusal.ownIncident(incidentID: copy.incident.id) : .incidentIDTaken(incidentID: copy.incident.id)
        }
    }
}

/// A bundle whose parts do not fit together (found while importing; nothing was added).
public struct BundleImportError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
