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
    public var problems: [IntegrityProblem]
    public var ok: Bool { problems.isEmpty }
}

extension AppDatabase {
    /// Recomputes every item's SHA-256 and the hash chain, and every capture manifest's hash.
    /// Names each item whose content or metadata changed, and where items are missing.
    public func verify() async throws -> IntegrityReport {
        try await writer.read { db in
            var problems: [IntegrityProblem] = []
            var previous = EvidenceChain.genesis
            var previousID = "(start)"
            var count = 0
            var lastSeq: Int64 = 0
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM evidence ORDER BY seq")
            while let row = try rows.next() {
                count += 1
                let id: String = row["id"]
                let incident: String? = row["incident_id"]
                let content: Data = row["content"] ?? Data()
                let stored: String = row["sha256"]
                let sha = IncomingDelivery.sha256Hex(content)
                if sha != stored {
                    problems.append(IntegrityProblem(evidenceID: id, incidentID: incident, reason: "content changed: SHA-256 is \(sha), recorded \(stored)"))
                }
                if (row["prev_hash"] as String) != previous {
                    problems.append(IntegrityProblem(evidenceID: id, incidentID: incident, reason: "chain broken: the item stored before it (after \(previousID)) is missing or was changed"))
                }
                let metadata = EvidenceChain.metadata(
                    id: id, incidentID: incident, captureID: row["capture_id"], jobID: row["job_id"], ordinal: row["ordinal"],
                    collector: row["collector"], kind: row["kind"], name: row["name"], host: row["host"], request: row["request"],
                    windowStart: row["window_start"], windowEnd: row["window_end"], status: row["status"], error: row["error"],
                    exitCode: row["exit_code"], size: row["size"], redactions: row["redactions"])
                let expected = EvidenceChain.link(previous: row["prev_hash"], contentSHA256: stored, metadata: metadata)
                if expected != (row["chain_hash"] as String) {
                    problems.append(IntegrityProblem(evidenceID: id, incidentID: incident, reason: "metadata changed (chain hash does not match)"))
                }
                if (row["size"] as Int) != content.count {
                    problems.append(IntegrityProblem(evidenceID: id, incidentID: incident, reason: "size changed: \(content.count) bytes, recorded \(row["size"] as Int)"))
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
            return IntegrityReport(itemsChecked: count, capturesChecked: captures, problems: problems)
        }
    }
}
