import AftermathCore
import Archive
import Foundation
import PostmortemFormat
import Synchronization

/// One incident with everything the site shows about it, and the hashes of those inputs. A class:
/// planning and rendering pass 10,000 entries around, and a reference costs one retain where a
/// struct of a dozen fields costs a dozen.
final class IncidentEntry: Sendable {
    let record: IncidentSummary
    /// Alerts as chart marks (full rows are read when the page is rendered).
    let alertMarks: [ChartMarks.Alert]
    let alertDigest: UInt64
    let timelineDigest: UInt64
    let evidence: [EvidenceSummary]
    let captures: [CaptureRecord]
    let postmortem: PostmortemFile?
    /// Derived once: listing and planning read these for every page of every filter.
    let title: String
    let postmortemKey: String
    let postmortemLabel: String
    let month: String
    let durationText: String
    let services: [String]
    let rowHash: UInt64
    /// `record.labels` (JSON, decoded on each read) once decoded: the page and the search shard both read them.
    private let decodedLabels = Mutex<[String: String]?>(nil)

    /// The incident's labels, decoded at most once.
    var labels: [String: String] {
        decodedLabels.withLock { cached in
            if let cached { return cached }
            let labels = record.labels
            cached = labels
            return labels
        }
    }

    init(record: IncidentSummary, alertMarks: [ChartMarks.Alert], alertDigest: UInt64, timelineDigest: UInt64, evidence: [EvidenceSummary],
         captures: [CaptureRecord], postmortem: PostmortemFile?) {
        self.record = record
        self.alertMarks = alertMarks
        self.alertDigest = alertDigest
        self.timelineDigest = timelineDigest
        self.evidence = evidence
        self.captures = captures
        self.postmortem = postmortem
        title = Self.title(record, postmortem)
        postmortemKey = postmortem == nil ? "none" : (postmortem?.frontMatter?.status?.rawValue ?? PostmortemStatus.draft.rawValue)
        postmortemLabel = postmortem == nil ? "none" : (postmortem?.frontMatter?.status?.label ?? PostmortemStatus.draft.label)
        month = Display.month(record.startedAt)
        durationText = record.resolvedAt.map { Display.duration($0.timeIntervalSince(record.startedAt)) } ?? "ongoing"
        services = Array(Set(record.services.filter { !$0.isEmpty })).sorted()
        var h = ContentHasher()
        h.combine(record.id)
        h.combine(title)
        h.combine(record.severity.rawValue)
        h.combine(record.status.rawValue)
        for service in services { h.combine(service) }
        h.combine(record.startedAt)
        h.combine(durationText)
        h.combine(postmortemKey)
        rowHash = h.value
    }

    /// The postmortem's title when it has one (people edit titles), else the incident's.
    static func title(_ record: IncidentSummary, _ postmortem: PostmortemFile?) -> String {
        let pmTitle = postmortem?.frontMatter?.title.map { String(FastText.trimmed($0)) } ?? ""
        let title = pmTitle.isEmpty ? record.title : pmTitle
        return title.isEmpty ? record.id : title
    }

    /// Hash of what the incident page shows from the archive (the postmortem file aside: a kept
    /// plan combines it with the file's stamp through `withPostmortem`).
    var archiveHash: UInt64 {
        var h = ContentHasher()
        h.combine(record)
        h.combine(hash: alertDigest)
        h.combine(hash: timelineDigest)
        for item in evidence { h.combine(item) }
        for capture in captures { h.combine(capture) }
        return h.value
    }

    /// Hash of what the incident contributes to the search index, the postmortem file aside.
    var searchArchiveHash: UInt64 {
        var h = ContentHasher()
        h.combine(hash: rowHash)
        for alert in alertMarks { h.combine(alert.name) }
        for item in evidence {
            h.combine(item.id)
            h.combine(item.name)
            h.combine(item.sha256)
            h.combine(item.contentRemovedAt)
        }
        return h.value
    }

    /// Hash of what the incident contributes to the search index.
    var searchHash: UInt64 { Self.withPostmortem(searchArchiveHash, postmortem) }

    /// `hash` combined with the postmortem file's name and content hash (what a page shows of it).
    static func withPostmortem(_ hash: UInt64, _ postmortem: PostmortemFile?) -> UInt64 {
        var h = ContentHasher()
        h.combine(hash: hash)
        h.combine(postmortem?.name)
        h.combine(hash: postmortem?.hash ?? 0)
        return h.value
    }

    /// Hash of what an evidence page shows besides the item itself (title, window and alert marks).
    var evidenceContextHash: UInt64 {
        var h = ContentHasher()
        h.combine(record.id)
        h.combine(title)
        h.combine(record.startedAt)
        h.combine(record.resolvedAt)
        for alert in alertMarks {
            h.combine(alert.name)
            h.combine(alert.start)
            h.combine(alert.end)
        }
        return h.value
    }

    /// The marks drawn on this incident's charts.
    var chartMarks: ChartMarks {
        ChartMarks(
            incidentStart: record.startedAt, incidentEnd: record.resolvedAt,
            alerts: alertMarks)
    }
}
