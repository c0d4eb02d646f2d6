import AftermathCore
import Foundation
import GRDB

/// How long evidence content and raw webhook bodies are kept (the archive's view of `retention:`).
/// Absent durations keep forever; postmortems, timelines, hashes, metadata and the chain are never removed.
public struct RetentionPolicy: Sendable, Equatable {
    /// Default age after which an item's content and indexed lines go.
    public var evidenceContent: TimeInterval?
    /// Per collector name, overriding `evidenceContent`.
    public var collectors: [String: TimeInterval]
    /// Age after which a delivery's raw body and headers go (its hash, source, dedup key and effects stay).
    public var rawDeliveries: TimeInterval?

    public init(evidenceContent: TimeInterval? = nil, collectors: [String: TimeInterval] = [:], rawDeliveries: TimeInterval? = nil) {
        self.evidenceContent = evidenceContent
        self.collectors = collectors
        self.rawDeliveries = rawDeliveries
    }

    /// Whether the policy removes anything at all.
    public var removesAnything: Bool {
        evidenceContent != nil || !collectors.isEmpty || rawDeliveries != nil
    }

    /// The rule for items of `collector`: its duration and how the site names it.
    public func evidenceRule(collector: String) -> (age: TimeInterval, label: String)? {
        if let age = collectors[collector] { return (age, "retention.collectors.\(collector) \(DurationText.format(age))") }
        if let age = evidenceContent { return (age, "retention.evidence_content \(DurationText.format(age))") }
        return nil
    }

    /// The shortest evidence duration (items younger than this are never candidates).
    var shortestEvidenceAge: TimeInterval? {
        (Array(collectors.values) + [evidenceContent].compactMap { $0 }).min()
    }

    /// One line for `retention_run.policy` and logs.
    public var summary: String {
        var parts: [String] = []
        if let e = evidenceContent { parts.append("evidence_content \(DurationText.format(e))") }
        for name in collectors.keys.sorted() { parts.append("collectors.\(name) \(DurationText.format(collectors[name] ?? 0))") }
        if let d = rawDeliveries { parts.append("raw_deliveries \(DurationText.format(d))") }
        return parts.isEmpty ? "keep everything" : parts.joined(separator: ", ")
    }
}

/// How much one retention transaction may do, so intake never waits long for the writer.
public struct RetentionLimits: Sendable, Equatable {
    /// Indexed lines (and their FTS entries) deleted per transaction.
    public var linesPerTransaction: Int
    /// Deliveries emptied per transaction.
    public var deliveriesPerTransaction: Int
    /// Pages given back per `PRAGMA incremental_vacuum` step, and pages of full-text index merged per step.
    public var pagesPerVacuumStep: Int
    /// Index merge steps per run (the rest waits for the next run).
    public var indexMergeStepsPerRun: Int

    public init(linesPerTransaction: Int = 2_000, deliveriesPerTransaction: Int = 200, pagesPerVacuumStep: Int = 256, indexMergeStepsPerRun: Int = 400) {
        self.linesPerTransaction = max(1, linesPerTransaction)
        self.deliveriesPerTransaction = max(1, deliveriesPerTransaction)
        self.pagesPerVacuumStep = max(1, pagesPerVacuumStep)
        self.indexMergeStepsPerRun = max(0, indexMergeStepsPerRun)
    }
}

/// What a retention run removed and how it went.
public struct RetentionReport: Sendable, Equatable {
    public var evidenceRemoved: [String] = []
    public var linesRemoved = 0
    public var deliveriesRemoved = 0
    /// Content and body bytes removed.
    public var bytesRemoved = 0
    /// Write transactions used (each bounded by `RetentionLimits`).
    public var transactions = 0
    /// The most lines one transaction deleted.
    public var largestLineBatch = 0
    public var pagesFreed = 0
    /// `incremental`, or `none` for an archive created before incremental vacuum (pages are reused, the file does not shrink).
    public var autoVacuum = "incremental"
    public var fileBytesBefore: Int64 = 0
    public var fileBytesAfter: Int64 = 0

    public init() {}

    /// One line for the CLI and the log.
    public var summaryLine: String {
        var line = "retention: content of \(evidenceRemoved.count) evidence item(s) removed (\(linesRemoved) indexed line(s)), "
            + "\(deliveriesRemoved) raw deliver\(deliveriesRemoved == 1 ? "y" : "ies") emptied, \(bytesRemoved) byte(s)"
        if autoVacuum == "incremental" {
            line += "; \(pagesFreed) page(s) given back, archive file \(fileBytesBefore) → \(fileBytesAfter) bytes"
        } else {
            line += "; the archive predates incremental vacuum: freed pages are reused but the file does not shrink "
                + "(a backup restored with `aftermath restore` is converted)"
        }
        return line
    }
}

/// A row of `retention_run`: one application of the policy, kept as the record of what went when.
public struct RetentionRun: Codable, Sendable, Equatable, FetchableRecord {
    public var id: Int64
    public var startedAt: Date
    public var finishedAt: Date?
    public var policy: String
    public var evidenceRemoved: Int
    public var linesRemoved: Int
    public var deliveriesRemoved: Int
    public var bytesRemoved: Int
    public var pagesFreed: Int

    enum CodingKeys: String, CodingKey {
        case id, policy
        case startedAt = "started_at", finishedAt = "finished_at", evidenceRemoved = "evidence_removed"
        case linesRemoved = "lines_removed", deliveriesRemoved = "deliveries_removed", bytesRemoved = "bytes_removed"
        case pagesFreed = "pages_freed"
    }
}

/// What a retention run would remove now (`retention apply --dry-run`).
public struct RetentionPreview: Sendable, Equatable {
    public struct Item: Sendable, Equatable {
        public var id: String
        public var incidentID: String?
        public var collector: String
        public var storedAt: Date
        public var size: Int
        public var rule: String
    }

    public var evidence: [Item] = []
    public var deliveries = 0
    public var deliveryBytes = 0
}
