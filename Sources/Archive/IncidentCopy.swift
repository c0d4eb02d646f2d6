import AftermathCore
import Foundation

/// Everything the archive holds about one incident, read in one transaction: what an incident
/// bundle carries and what `import` writes into another archive.
public struct IncidentCopy: Sendable {
    /// A delivery row, its raw body apart (nil once retention removed it).
    public struct Delivery: Codable, Sendable, Equatable {
        public var id: Int64
        public var source: String
        public var dedupKey: String
        public var receivedAt: Date
        /// JSON `[[name, value], …]` (credentials masked); `[]` once retention removed it.
        public var headers: String
        public var bodySHA256: String
        public var disposition: String
        public var error: String?
        public var bodyRemovedAt: Date?
        /// Not encoded: a bundle stores the body as a file of its own.
        public var body: Data?

        enum CodingKeys: String, CodingKey {
            case id, source, headers, disposition, error
            case dedupKey = "dedup_key", receivedAt = "received_at", bodySHA256 = "body_sha256", bodyRemovedAt = "body_removed_at"
        }
    }

    /// An evidence item with its place in the chain, its content and its indexed lines.
    public struct Evidence: Sendable {
        public var summary: EvidenceSummary
        public var ordinal: Int
        public var prevHash: String
        public var chainHash: String
        /// The exact metadata JSON the chain hash covers.
        public var metadata: String
        /// Empty once retention removed it.
        public var content: Data
        public var lines: [EvidenceLineRecord]

        public init(summary: EvidenceSummary, ordinal: Int, prevHash: String, chainHash: String, metadata: String,
                    content: Data, lines: [EvidenceLineRecord]) {
            self.summary = summary
            self.ordinal = ordinal
            self.prevHash = prevHash
            self.chainHash = chainHash
            self.metadata = metadata
            self.content = content
            self.lines = lines
        }
    }

    /// The archive it was read from (`archive_identity.archive_id`).
    public var archiveID: String
    public var incident: IncidentRecord
    public var alerts: [AlertRecord]
    public var timeline: [TimelineEventRecord]
    public var deliveries: [Delivery]
    public var captures: [CaptureRecord]
    public var jobs: [CaptureJobRecord]
    public var evidence: [Evidence]
    public var postmortem: PostmortemRecord?
    /// Changes to its services around it (what its page lists; see `ChangeWindow` in Site). Read
    /// apart from the rest: the window depends on the postmortem file.
    public var changes: [ChangeRecord] = []
    /// The archive's chain head when the copy was read.
    public var chainHeadSeq: Int64
    public var chainHeadHash: String

    public init(archiveID: String, incident: IncidentRecord, alerts: [AlertRecord], timeline: [TimelineEventRecord],
                deliveries: [Delivery], captures: [CaptureRecord], jobs: [CaptureJobRecord], evidence: [Evidence],
                postmortem: PostmortemRecord?, chainHeadSeq: Int64, chainHeadHash: String) {
        self.archiveID = archiveID
        self.incident = incident
        self.alerts = alerts
        self.timeline = timeline
        self.deliveries = deliveries
        self.captures = captures
        self.jobs = jobs
        self.evidence = evidence
        self.postmortem = postmortem
        self.chainHeadSeq = chainHeadSeq
        self.chainHeadHash = chainHeadHash
    }
}

/// Evidence ids as an import renumbers them (`ev-12` → `ev-57`), applied to every text that cites them.
public struct EvidenceIDMap: Sendable, Equatable {
    public var mapping: [String: String]

    public init(_ mapping: [String: String]) { self.mapping = mapping }

    /// Whether every id stays what it was.
    public var isIdentity: Bool { mapping.allSatisfy { $0.key == $0.value } }

    /// `text` with every whole `ev-N` token that the map names replaced (`ev-1` never matches inside `ev-12`).
    public func rewrite(_ text: String) -> String {
        guard !isIdentity, text.contains("ev-") else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        func isWord(_ b: UInt8) -> Bool {
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_")
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "e"), i + 3 < bytes.count, bytes[i + 1] == UInt8(ascii: "v"), bytes[i + 2] == UInt8(ascii: "-"),
               bytes[i + 3] >= 48, bytes[i + 3] <= 57, i == 0 || !isWord(bytes[i - 1]) {
                var j = i + 3
                while j < bytes.count, bytes[j] >= 48, bytes[j] <= 57 { j += 1 }
                let token = String(decoding: bytes[i..<j], as: UTF8.self)
                if let mapped = mapping[token], j == bytes.count || !(bytes[j] >= 48 && bytes[j] <= 57) {
                    out += Array(mapped.utf8)
                    i = j
                    continue
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Why an import added nothing.
public enum ImportRefusal: Error, Equatable, CustomStringConvertible {
    /// This exact bundle was imported before.
    case alreadyImported(digest: String, incidentID: String, at: Date)
    /// Another bundle of the same incident of the same archive was imported before.
    case incidentAlreadyImported(originArchive: String, incidentID: String, at: Date)
    /// The bundle comes from this very archive.
    case ownIncident(incidentID: String)
    /// A different incident here has the same id.
    case incidentIDTaken(incidentID: String)

    public var description: String {
        switch self {
        case .alreadyImported(let digest, let id, let at):
            "this bundle (digest \(digest.prefix(16))…) was already imported on \(Timestamp.format(at)) as incident \(id); nothing added"
        case .incidentAlreadyImported(let archive, let id, let at):
            "incident \(id) of archive \(archive) was already imported on \(Timestamp.format(at)) (from another bundle of it); nothing added"
        case .ownIncident(let id):
            "incident \(id) was exported from this archive, which already holds it; nothing added"
        case .incidentIDTaken(let id):
            "an incident with id \(id) already exists in this archive; nothing added"
        }
    }
}

/// What an import added.
public struct ImportResult: Sendable, Equatable {
    public var incidentID: String
    /// Bundle id → id in this archive.
    public var evidenceIDs: EvidenceIDMap
    public var deliveries: Int
    public var alerts: Int
    public var timelineEvents: Int
    /// Changes added (a change this archive holds already, by source and dedup key, is not added twice).
    public var changes: Int
    /// The postmortem text as stored (citations follow renumbered evidence), and its file name.
    public var postmortem: (file: String, text: String)?

    public static func == (a: ImportResult, b: ImportResult) -> Bool {
        a.incidentID == b.incidentID && a.evidenceIDs == b.evidenceIDs && a.deliveries == b.deliveries && a.alerts == b.alerts
            && a.timelineEvents == b.timelineEvents && a.changes == b.changes && a.postmortem?.file == b.postmortem?.file && a.postmortem?.text == b.postmortem?.text
    }
}
