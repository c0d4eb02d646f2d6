import Foundation
import GRDB

/// One integrity problem, naming the item.
public struct IntegrityProblem: Sendable, Equatable, CustomStringConvertible {
    public var evidenceID: String
    public var incidentID: String?
    public var reason: String

    public var description: String {
        "\(evidenceID)\(incidentID.map { " (incident \($0))" } ?? ""): \(reason)"
    }
}

/// What `verify` checked.
public struct IntegrityReport: Sendable, Equatable {
    public var itemsChecked: Int
    public var capturesChecked: Int
    /// Items whose content retention removed: their hash, size, metadata and chain link were checked.
    public var contentRemoved: Int = 0
    /// Imported items whose link in their original archive's chain was recomputed too.
    public var originsChecked: Int = 0
    public var problems: [IntegrityProblem]
    public var ok: Bool { problems.isEmpty }
}

extension AppDatabase {
    /// Recomputes every item's SHA-256 and the hash chain, and every capture manifest's hash.
    /// Names each item whose content or metadata changed, and where items are missing.
    public func verify() async throws -> IntegrityReport {
        try await writer.read { db in try Self.verify(db) }
    }

    /// The checks of `verify()` on any connection (a backup file opened read-only among them).
    ///
    /// An item whose content retention removed has no content to hash: its recorded SHA-256 and
    /// size still enter its chain hash, so the chain proves what existed. Its content must be empty.
    /// An item whose content is its lines (`EvidenceContentLayout`) is hashed as those lines joined.
    static func verify(_ db: Database) throws -> IntegrityReport {
        var problems: [IntegrityProblem] = []
        var previous = EvidenceChain.genesis
        var previousID = "(start)"
        var count = 0
        var removed = 0
        var lastSeq: Int64 = 0
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM evidence ORDER BY seq")
        while let row = try rows.next() {
            count += 1
            let id: String = row["id"]
            let incident: String? = row["incident_id"]
            let stored: String = row["sha256"]
            func problem(_ reason: String) { problems.append(IntegrityProblem(evidenceID: id, incidentID: incident, reason: reason)) }
            if let removedAt: Date = row["content_removed_at"] {
                removed += 1
                let content: Data = row["content"] ?? Data()
                if !content.isEmpty {
                    problem("content present (\(content.count) bytes) although retention removed it on \(removedAt)")
                }
            } else {
                let content = try content(db, row: row.copy())
                let sha = IncomingDelivery.sha256Hex(content)
                if sha != stored { problem("content changed: SHA-256 is \(sha), recorded \(stored)") }
                if (row["content_lines"] as Int? ?? 0) != 0, let bytes = row["content"] as Data?, !bytes.isEmpty {
                    problem("content changed: \(bytes.count) bytes in `content` although the item is stored as its lines")
                }
                if (row["size"] as Int) != content.count {
                    problem("size changed: \(content.count) bytes, recorded \(row["size"] as Int)")
                }
            }
            if (row["prev_hash"] as String) != previous {
                problem("chain broken: the item stored before it (after \(previousID)) is missing or was changed")
            }
            let metadata = chainMetadata(row)
            let expected = EvidenceChain.link(previous: row["prev_hash"], contentSHA256: stored, metadata: metadata)
            if expected != (row["chain_hash"] as String) {
                problem("metadata changed (chain hash does not match)")
            }
            previous = row["chain_hash"]
            previousID = id
            lastSeq = row["seq"]
        }
        let head = try EvidenceChain.head(db)
        if head.seq != lastSeq || head.hash != previous {
            let headID = try EvidenceChain.headItemID(db) ?? "ev-\(head.seq)"
            problems.append(IntegrityProblem(
                evidenceID: headID, incidentID: nil,
                reason: "missing: the chain head records item \(headID) but the last stored item is \(previousID)"))
        }
        var captures = 0
        for row in try Row.fetchAll(db, sql: "SELECT id, incident_id, manifest, manifest_sha256 FROM capture WHERE manifest IS NOT NULL") {
            captures += 1
            let manifest: String = row["manifest"]
            if IncomingDelivery.sha256Hex(Array(manifest.utf8)) != (row["manifest_sha256"] as String? ?? "") {
                problems.append(IntegrityProblem(evidenceID: "capture \(row["id"] as Int64)", incidentID: row["incident_id"], reason: "manifest changed"))
            }
        }
        var origins = 0
        for row in try Row.fetchAll(db, sql: """
            SELECT evidence_origin.*, evidence.sha256, evidence.incident_id FROM evidence_origin
            JOIN evidence ON evidence.id = evidence_origin.evidence_id ORDER BY evidence.seq
            """) {
            origins += 1
            let link = EvidenceChain.link(previous: row["origin_prev_hash"], contentSHA256: row["sha256"], metadata: row["origin_metadata"])
            if link != (row["origin_chain_hash"] as String) {
                problems.append(IntegrityProblem(
                    evidenceID: row["evidence_id"], incidentID: row["incident_id"],
                    reason: "imported item no longer matches its link in archive \(row["origin_archive"] as String) (as \(row["origin_id"] as String))"))
            }
        }
        return IntegrityReport(itemsChecked: count, capturesChecked: captures, contentRemoved: removed, originsChecked: origins, problems: problems)
    }

    /// The metadata JSON an evidence row's chain hash covers, from the row as stored.
    static func chainMetadata(_ row: Row) -> String {
        EvidenceChain.metadata(
            id: row["id"], incidentID: row["incident_id"], captureID: row["capture_id"], jobID: row["job_id"], ordinal: row["ordinal"],
            collector: row["collector"], kind: row["kind"], name: row["name"], host: row["host"], request: row["request"],
            windowStart: row["window_start"], windowEnd: row["window_end"], status: row["status"], error: row["error"],
            exitCode: row["exit_code"], size: row["size"], redactions: row["redactions"])
    }
}
