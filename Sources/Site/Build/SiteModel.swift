import AftermathCore
import Archive
import Foundation
import PostmortemFormat

/// The archive and the postmortems joined: one entry per incident, the filters that exist, and
/// every warning found on the way. Immutable while pages render.
struct SiteModel: Sendable {
    var entries: [IncidentEntry]
    var indexByID: [String: Int]
    var evidenceByID: [String: EvidenceSummary]
    /// Evidence of no incident (ad-hoc captures).
    var adHocEvidence: [EvidenceSummary]
    var warnings: [String]
    /// Set when `entries` are a part of the archive's incidents (a rebuild from a kept plan): the
    /// ids of all incidents and evidence items, which pages link when they cite them.
    var allIncidentIDs: Set<String>?
    var allEvidenceIDs: Set<String>?

    init(snapshot: ArchiveSnapshot, postmortems: [PostmortemFile]) {
        var warnings: [String] = []
        var known = Set(snapshot.incidents.map(\.id))
        var byIncident: [String: PostmortemFile] = [:]
        for file in postmortems {
            guard let front = file.frontMatter else {
                warnings.append("postmortem \(file.name): \(file.error ?? "unreadable"); its incident is shown without it")
                continue
            }
            guard known.contains(front.id) else {
                warnings.append("postmortem \(file.name): no incident '\(front.id.prefix(64))' in the archive; not published")
                continue
            }
            if let first = byIncident[front.id] {
                warnings.append("postmortem \(file.name): incident \(front.id) already has \(first.name); ignored")
                continue
            }
            byIncident[front.id] = file
        }
        known.removeAll()
        entries = snapshot.incidents.map { record in
            IncidentEntry(
                record: record, alertMarks: snapshot.alertMarks[record.id] ?? [], alertDigest: snapshot.alertDigest[record.id] ?? 0,
                timelineDigest: snapshot.timelineDigest[record.id] ?? 0,
                evidence: snapshot.evidence[record.id] ?? [], captures: snapshot.captures[record.id] ?? [],
                postmortem: byIncident[record.id])
        }
        var index: [String: Int] = [:]
        for (i, entry) in entries.enumerated() { index[entry.record.id] = i }
        indexByID = index
        evidenceByID = snapshot.evidenceByID
        adHocEvidence = snapshot.evidence[""] ?? []
        self.warnings = warnings
    }

    /// The entries a filter selects, newest first.
    func select(_ filter: ListingFilter) -> [Int] {
        entries.indices.filter { matches(entries[$0], filter) }
    }

    func matches(_ entry: IncidentEntry, _ filter: ListingFilter) -> Bool {
        switch filter {
        case .all: true
        case .service(let name): entry.services.contains(name)
        case .severity(let severity): entry.record.severity.rawValue == severity
        case .status(let status): entry.record.status.rawValue == status
        case .postmortem(let key): entry.postmortemKey == key
        case .month(let month): entry.month == month
        }
    }

    /// Every filter value that selects at least one incident, grouped for the filter bar.
    func filterGroups() -> [(label: String, filters: [(ListingFilter, String)])] {
        var services = Set<String>(), months = Set<String>(), severities = Set<String>(), statuses = Set<String>(), pms = Set<String>()
        for entry in entries {
            services.formUnion(entry.services)
            months.insert(entry.month)
            severities.insert(entry.record.severity.rawValue)
            statuses.insert(entry.record.status.rawValue)
            pms.insert(entry.postmortemKey)
        }
        let severityOrder = Severity.allCases.reversed().map(\.rawValue).filter(severities.contains)
        let statusOrder = IncidentStatus.allCases.map(\.rawValue).filter(statuses.contains)
        let pmOrder = (PostmortemStatus.allCases.map(\.rawValue) + ["none"]).filter(pms.contains)
        return [
            ("Severity", severityOrder.map { (.severity($0), $0) }),
            ("Status", statusOrder.map { (.status($0), $0) }),
            ("Postmortem", pmOrder.map { (.postmortem($0), $0 == "in-review" ? "in review" : $0) }),
            ("Service", services.sorted().map { (.service($0), $0) }),
            ("Month", months.sorted(by: >).map { (.month($0), $0) }),
        ]
    }

    /// Whether evidence `id` exists (so a citation or timeline mention can link to it).
    func evidenceExists(_ id: String) -> Bool { allEvidenceIDs?.contains(id) ?? (evidenceByID[id] != nil) }

    /// Whether incident `id` exists (so a mention can link to it).
    func incidentExists(_ id: String) -> Bool { allIncidentIDs?.contains(id) ?? (indexByID[id] != nil) }
}
