import Archive
import Foundation

extension ContentHasher {
    mutating func combine(_ r: IncidentSummary) {
        combine(r.id)
        combine(r.title)
        combine(r.source)
        combine(r.status.rawValue)
        combine(r.severity.rawValue)
        for s in r.services { combine(s) }
        combine(r.labelsJSON)
        combine(r.link)
        combine(r.startedAt)
        combine(r.acknowledgedAt)
        combine(r.resolvedAt)
    }

    mutating func combine(_ e: EvidenceSummary) {
        combine(e.id)
        combine(e.captureID)
        combine(e.collector)
        combine(e.kind.rawValue)
        combine(e.name)
        combine(e.host)
        combine(e.request)
        combine(e.windowStart)
        combine(e.windowEnd)
        combine(e.status.rawValue)
        combine(e.error)
        combine(Int64(e.exitCode ?? -99999))
        combine(e.contentType)
        combine(Int64(e.size))
        combine(e.sha256)
        combine(Int64(e.redactions))
        combine(Int64(e.lineCount))
        combine(e.startedAt)
        combine(e.finishedAt)
        combine(e.contentRemovedAt)
    }

    mutating func combine(_ c: CaptureRecord) {
        combine(c.id)
        combine(c.kind.rawValue)
        combine(c.windowStart)
        combine(c.windowEnd)
        combine(c.requestedBy)
        combine(c.requestedAt)
        combine(c.finishedAt)
        combine(c.manifestSHA256)
        combine(c.manifest == nil ? "pending" : "done")
    }

    /// What a page shows of a change.
    mutating func combine(_ change: ChangeRecord) {
        combine(Int64(change.id))
        combine(change.event.headline)
        combine(change.at)
        combine(change.link)
        combine(change.source)
    }
}
