import AftermathCore
import Archive
import Foundation

/// Everything the site shows from the database, grouped by incident (the queries are Archive's,
/// `AppDatabase+Site`). Evidence content is not loaded here: pages that are rendered fetch what they need.
struct ArchiveSnapshot: Sendable {
    /// Incidents, newest first.
    var incidents: [IncidentSummary]
    /// Each incident's alerts as chart marks (name, start, end).
    var alertMarks: [String: [ChartMarks.Alert]]
    /// Digests of every incident's alert and timeline rows: pages only need the full rows when they
    /// are rendered, and decoding 10,000 incidents' rows costs more than a one-change rebuild may.
    var alertDigest: [String: UInt64]
    var timelineDigest: [String: UInt64]
    /// Evidence of each incident, in storage order; ad-hoc evidence under the key "".
    var evidence: [String: [EvidenceSummary]]
    var captures: [String: [CaptureRecord]]
    /// Every evidence item by id.
    var evidenceByID: [String: EvidenceSummary]

    /// Reads the whole archive (without evidence content). The five tables are read concurrently
    /// (decoding dominates); each read is its own snapshot, so a change landing in between shows up
    /// in part until the next build, which brings it fully in.
    static func load(_ database: AppDatabase) async throws -> ArchiveSnapshot {
        async let incidents = database.siteIncidents()
        async let alertRows = database.siteAlertRows(into: AlertFold()) { fold, row in fold.add(row) }
        async let eventRows = database.siteTimelineRows(into: DigestFold()) { fold, row in fold.add(row.incidentID, row.digest) }
        async let evidenceRows = database.evidence(incidentID: nil)
        async let captureRows = database.allCaptures()
        let alerts = try await alertRows.finished()
        let timelineDigest = try await eventRows.finished().digests
        var evidence: [String: [EvidenceSummary]] = [:]
        var byID: [String: EvidenceSummary] = [:]
        for item in try await evidenceRows {
            evidence[item.incidentID ?? "", default: []].append(item)
            byID[item.id] = item
        }
        var captures: [String: [CaptureRecord]] = [:]
        for capture in try await captureRows { captures[capture.incidentID ?? "", default: []].append(capture) }
        return ArchiveSnapshot(
            incidents: try await incidents, alertMarks: alerts.marks, alertDigest: alerts.digests.digests,
            timelineDigest: timelineDigest, evidence: evidence, captures: captures, evidenceByID: byID)
    }

    /// The incidents of `ids` only (a rebuild from a kept plan renders a few pages), with their
    /// evidence and captures, the ad-hoc evidence, and the id of every item (pages link any item
    /// they cite). Digests are not read: only pages planned elsewhere are rendered from it.
    static func load(_ database: AppDatabase, incidentIDs ids: [String]) async throws -> (snapshot: ArchiveSnapshot, evidenceIDs: Set<String>) {
        async let incidents = database.siteIncidents(ids: ids)
        async let alertRows = database.alerts(incidentIDs: ids)
        async let evidenceRows = database.siteEvidence(incidentIDs: ids)
        async let captures = database.captures(incidentIDs: ids)
        var marks: [String: [ChartMarks.Alert]] = [:]
        for (id, alerts) in try await alertRows {
            marks[id] = alerts.map { ChartMarks.Alert(name: $0.name, start: $0.startsAt, end: $0.endsAt) }
        }
        var evidence: [String: [EvidenceSummary]] = [:]
        var byID: [String: EvidenceSummary] = [:]
        let (items, allIDs) = try await evidenceRows
        for item in items {
            evidence[item.incidentID ?? "", default: []].append(item)
            byID[item.id] = item
        }
        let snapshot = ArchiveSnapshot(
            incidents: try await incidents, alertMarks: marks, alertDigest: [:], timelineDigest: [:], evidence: evidence,
            captures: try await captures, evidenceByID: byID)
        return (snapshot, allIDs)
    }

    /// Alert rows folded as they are read: chart marks and a digest per incident.
    private struct AlertFold: Sendable {
        var marks: [String: [ChartMarks.Alert]] = [:]
        var digests = DigestFold()

        mutating func add(_ row: SiteAlertRow) {
            if let start = row.startsAt { marks[row.incidentID, default: []].append(ChartMarks.Alert(name: row.name, start: start, end: row.endsAt)) }
            digests.add(row.incidentID, row.digest)
        }

        consuming func finished() -> AlertFold {
            digests = digests.finished()
            return self
        }
    }

    /// Digest lines hashed per incident. The reads group rows by incident, so one dictionary
    /// entry is written per incident rather than looked up and rewritten per row.
    private struct DigestFold: Sendable {
        var digests: [String: UInt64] = [:]
        private var incidentID = ""
        private var hasher: ContentHasher?

        mutating func add(_ incidentID: String, _ line: String) {
            if hasher == nil || incidentID != self.incidentID {
                flush()
                self.incidentID = incidentID
                hasher = ContentHasher()
            }
            hasher?.combine(line)
        }

        private mutating func flush() {
            if let hasher { digests[incidentID] = hasher.value }
            hasher = nil
        }

        consuming func finished() -> DigestFold {
            flush()
            return self
        }
    }

    /// Alerts and timeline rows of the incidents whose pages are rendered, read in bulk (one query
    /// per 500 incidents instead of three per incident), keyed by incident id.
    static func activity(_ database: AppDatabase, incidentIDs: [String]) async throws -> [String: IncidentActivity] {
        guard !incidentIDs.isEmpty else { return [:] }
        async let alerts = database.alerts(incidentIDs: incidentIDs)
        async let timeline = database.timelines(incidentIDs: incidentIDs)
        let (alertsByIncident, timelineByIncident) = try await (alerts, timeline)
        var result: [String: IncidentActivity] = [:]
        for id in incidentIDs {
            result[id] = IncidentActivity(alerts: alertsByIncident[id] ?? [], timeline: timelineByIncident[id] ?? [])
        }
        return result
    }
}

/// One incident's alerts and timeline, as its page shows them.
struct IncidentActivity: Sendable {
    var alerts: [AlertRecord]
    var timeline: [TimelineEventRecord]
}
