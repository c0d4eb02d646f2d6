import Crypto
import Foundation
import GRDB

/// Items are chained by hash in storage order: each item's chain hash covers the previous one,
/// its content hash and its metadata, so a changed, inserted or deleted item is detected.
/// ARCHIVE-FORMAT.md documents these inputs; `tools/aftermath-check.py` recomputes them.
public enum EvidenceChain {
    /// The `prev_hash` of the first item.
    public static let genesis = String(repeating: "0", count: 64)

    /// The metadata a chain hash covers, as stable JSON.
    static func metadata(
        id: String, incidentID: String?, captureID: Int64, jobID: Int64, ordinal: Int, collector: String, kind: String,
        name: String, host: String?, request: String, windowStart: Date, windowEnd: Date, status: String,
        error: String?, exitCode: Int32?, size: Int, redactions: Int
    ) -> String {
        let fields: [String: String] = [
            "id": id, "incident_id": incidentID ?? "", "capture_id": String(captureID), "job_id": String(jobID),
            "ordinal": String(ordinal), "collector": collector, "kind": kind, "name": name, "host": host ?? "",
            "request": request, "window_start": String(windowStart.timeIntervalSince1970),
            "window_end": String(windowEnd.timeIntervalSince1970), "status": status, "error": error ?? "",
            "exit_code": exitCode.map(String.init) ?? "", "size": String(size), "redactions": String(redactions),
        ]
        let data = (try? JSONEncoder.sorted.encode(fields)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// `SHA-256("aftermath-evidence-v1\n" + previous + "\n" + contentSHA256 + "\n" + metadata)`, lower-case hex.
    public static func link(previous: String, contentSHA256: String, metadata: String) -> String {
        IncomingDelivery.sha256Hex(Array("aftermath-evidence-v1\n\(previous)\n\(contentSHA256)\n\(metadata)".utf8))
    }

    /// The chain's current head (seq and hash of the last item).
    static func head(_ db: Database) throws -> (seq: Int64, hash: String) {
        if let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM chain_head WHERE id = 1") {
            return (row["seq"], row["hash"])
        }
        return (0, genesis)
    }

    /// The id of the last item the head records (nil before any item).
    static func headItemID(_ db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT last_id FROM chain_head WHERE id = 1")
    }

    static func setHead(_ db: Database, seq: Int64, hash: String, lastID: String) throws {
        try db.execute(
            sql: """
                INSERT INTO chain_head (id, seq, hash, last_id) VALUES (1, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, last_id = excluded.last_id
                """,
            arguments: [seq, hash, lastID])
    }
}
