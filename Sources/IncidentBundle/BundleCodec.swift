import AftermathCore
import Archive
import Foundation

/// The payload files of a bundle (`data/…`) from an incident copy, and back: one reader and one
/// writer of the format ARCHIVE-FORMAT.md describes. JSON keys are the archive's column names.
enum BundleCodec {
    static let format = "aftermath-bundle-v1"

    /// One evidence item's place in the chain, as `data/chain.json` lists it.
    struct ChainItem: Codable, Equatable {
        var id: String
        var seq: Int64
        var ordinal: Int
        /// The content file (`data/evidence/ev-12.log`); absent once retention removed the content.
        var file: String?
        /// The indexed lines (`data/evidence/ev-12.lines.json`), when there are any.
        var linesFile: String?
        var sha256: String
        var size: Int
        var prevHash: String
        var chainHash: String
        /// The exact JSON the chain hash covers.
        var metadata: String
        var contentRemovedAt: Date?
        var contentRemovedBy: String?

        enum CodingKeys: String, CodingKey {
            case id, seq, ordinal, file, sha256, size, metadata
            case linesFile = "lines_file", prevHash = "prev_hash", chainHash = "chain_hash"
            case contentRemovedAt = "content_removed_at", contentRemovedBy = "content_removed_by"
        }
    }

    /// `data/chain.json`.
    struct Chain: Codable {
        var format: String
        var archiveID: String
        var incidentID: String
        var chainHeadSeq: Int64
        var chainHeadHash: String
        var hashRule: String
        var items: [ChainItem]

        enum CodingKeys: String, CodingKey {
            case format, items
            case archiveID = "archive_id", incidentID = "incident_id", chainHeadSeq = "chain_head_seq"
            case chainHeadHash = "chain_head_hash", hashRule = "hash_rule"
        }
    }

    static let hashRule = "chain_hash = lower-case hex SHA-256 of the UTF-8 text \"aftermath-evidence-v1\\n\" + prev_hash + \"\\n\" + sha256 + \"\\n\" + metadata"

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(Timestamp.formatMillis(date))
        }
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let date = StoredTime.date(rfc3339: text) ?? (try? Timestamp.parse(text)) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "'\(text)' is not an RFC 3339 time")
            }
            return date
        }
        return decoder
    }

    static func contentFile(_ item: EvidenceSummary) -> String {
        let ext = item.contentType == "application/json" ? "json" : item.kind == .log ? "log" : "txt"
        return "data/evidence/\(item.id).\(ext)"
    }

    /// The payload files of `copy` (without the site).
    static func payload(_ copy: IncidentCopy, postmortem: (name: String, text: String)?, redaction: Data) throws -> [String: [UInt8]] {
        let encoder = Self.encoder
        func json<T: Encodable>(_ value: T) throws -> [UInt8] { Array(try encoder.encode(value)) + [10] }
        var files: [String: [UInt8]] = [:]
        files["data/incident.json"] = try json(copy.incident)
        files["data/alerts.json"] = try json(copy.alerts)
        files["data/timeline.json"] = try json(copy.timeline)
        files["data/changes.json"] = try json(copy.changes)
        files["data/deliveries.json"] = try json(copy.deliveries)
        for d in copy.deliveries {
            if let body = d.body { files["data/deliveries/\(d.id).body"] = Array(body) }
        }
        files["data/captures.json"] = try json(copy.captures)
        files["data/capture_jobs.json"] = try json(copy.jobs)
        files["data/evidence.json"] = try json(copy.evidence.map(\.summary))
        var items: [ChainItem] = []
        for e in copy.evidence {
            let s = e.summary
            let removed = s.contentRemovedAt != nil
            let file = removed ? nil : contentFile(s)
            if let file { files[file] = Array(e.content) }
            var linesFile: String?
            if !e.lines.isEmpty {
                linesFile = "data/evidence/\(s.id).lines.json"
                files[linesFile!] = try json(e.lines)
            }
            items.append(ChainItem(
                id: s.id, seq: s.seq, ordinal: e.ordinal, file: file, linesFile: linesFile, sha256: s.sha256, size: s.size,
                prevHash: e.prevHash, chainHash: e.chainHash, metadata: e.metadata, contentRemovedAt: s.contentRemovedAt,
                contentRemovedBy: s.contentRemovedBy))
        }
        files["data/chain.json"] = try json(Chain(
            format: format, archiveID: copy.archiveID, incidentID: copy.incident.id, chainHeadSeq: copy.chainHeadSeq,
            chainHeadHash: copy.chainHeadHash, hashRule: hashRule, items: items))
        if let pm = copy.postmortem { files["data/postmortem.json"] = try json(pm) }
        if let postmortem { files["data/postmortem/\(postmortem.name)"] = Array(postmortem.text.utf8) }
        files["data/redaction.json"] = Array(redaction) + [10]
        return files
    }

    /// The incident copy a bundle's payload holds, and its postmortem file.
    static func copy(from files: [String: [UInt8]]) throws -> (IncidentCopy, postmortem: (name: String, text: String)?) {
        let decoder = Self.decoder
        func read<T: Decodable>(_ type: T.Type, _ path: String) throws -> T {
            guard let bytes = files[path] else { throw BundleFailure("\(path) is missing") }
            do {
                return try decoder.decode(type, from: Data(bytes))
            } catch {
                throw BundleFailure("\(path) does not read: \(error)")
            }
        }
        let chain = try read(Chain.self, "data/chain.json")
        guard chain.format == format else { throw BundleFailure("data/chain.json: format '\(chain.format)', expected '\(format)'") }
        var deliveries = try read([IncidentCopy.Delivery].self, "data/deliveries.json")
        for i in deliveries.indices where deliveries[i].bodyRemovedAt == nil {
            deliveries[i].body = Data(files["data/deliveries/\(deliveries[i].id).body"] ?? [])
        }
        let summaries = try read([EvidenceSummary].self, "data/evidence.json")
        var evidence: [IncidentCopy.Evidence] = []
        for item in chain.items {
            guard let summary = summaries.first(where: { $0.id == item.id }) else {
                throw BundleFailure("data/chain.json lists \(item.id), which data/evidence.json does not")
            }
            let content = item.file.flatMap { files[$0] } ?? []
            let lines = try item.linesFile.map { try read([EvidenceLineRecord].self, $0) } ?? []
            evidence.append(IncidentCopy.Evidence(
                summary: summary, ordinal: item.ordinal, prevHash: item.prevHash, chainHash: item.chainHash, metadata: item.metadata,
                content: Data(content), lines: lines))
        }
        // Bundles written before changes were carried have no data/changes.json.
        let changes = files["data/changes.json"] == nil ? [] : try read([ChangeRecord].self, "data/changes.json")
        let postmortemRecord = files["data/postmortem.json"] == nil ? nil : try read(PostmortemRecord.self, "data/postmortem.json")
        var postmortem: (name: String, text: String)?
        if let path = files.keys.sorted().first(where: { $0.hasPrefix("data/postmortem/") && $0.hasSuffix(".md") }) {
            postmortem = (String(path.dropFirst("data/postmortem/".count)), String(decoding: files[path] ?? [], as: UTF8.self))
        }
        var copy = IncidentCopy(
            archiveID: chain.archiveID, incident: try read(IncidentRecord.self, "data/incident.json"),
            alerts: try read([AlertRecord].self, "data/alerts.json"), timeline: try read([TimelineEventRecord].self, "data/timeline.json"),
            deliveries: deliveries, captures: try read([CaptureRecord].self, "data/captures.json"),
            jobs: try read([CaptureJobRecord].self, "data/capture_jobs.json"), evidence: evidence, postmortem: postmortemRecord,
            chainHeadSeq: chain.chainHeadSeq, chainHeadHash: chain.chainHeadHash)
        copy.changes = changes
        return (copy, postmortem)
    }
}
