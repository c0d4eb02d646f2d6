import AftermathCore
import Archive
import Foundation
import PostmortemFormat

/// The values a postmortem template sees, every one already escaped for Markdown.
enum PostmortemContext {
    /// Shown for a time or duration that does not exist yet.
    static let none = "—"

    static func make(_ facts: PostmortemFacts, impact: ImpactFigures) -> [String: Any] {
        let incident = facts.incident
        let alertNames = orderedUnique(facts.alerts.map(\.name))
        let values: [String: Any] = [
            "title": MarkdownText.inline(incident.title, limit: 300),
            "id": MarkdownText.inline(incident.id),
            "incidentStatus": incident.status.rawValue,
            "severity": incident.severity.rawValue,
            "services": incident.services.isEmpty ? none : incident.services.map { MarkdownText.inline($0, limit: 80) }.joined(separator: ", "),
            "source": incident.source.rawValue,
            "link": incident.link.map { MarkdownText.inline($0, limit: 300) } ?? none,
            "started": time(impact.firstSymptom),
            "detected": time(impact.detected),
            "acknowledged": impact.acknowledged.map(time) ?? none,
            "resolved": impact.resolved.map(time) ?? "still open",
            "duration": impact.duration.map(DurationText.format) ?? "still open",
            "alertCount": facts.alerts.count,
            "alertsResolved": impact.alertsResolved,
            "alertNames": alertNames.isEmpty ? none : alertNames.map { MarkdownText.inline($0, limit: 120) }.joined(separator: ", "),
            "firstSymptom": time(impact.firstSymptom),
            "firstSymptomSource": firstSymptomSource(impact),
            "timeToDetect": DurationText.format(impact.timeToDetect),
            "timeToAcknowledge": impact.timeToAcknowledge.map(DurationText.format) ?? none,
            "timeToResolve": impact.timeToResolve.map(DurationText.format) ?? "still open",
            "timeline": TimelineRow.rows(for: facts).map(row),
            "hasEvidence": !facts.evidence.isEmpty,
            "evidenceCount": facts.evidence.count,
            "captureCount": Set(facts.evidence.map(\.captureID)).count,
            "evidence": facts.evidence.map(evidenceRow),
        ]
        return values.merging(analysis(facts)) { generated, _ in generated }.merging(communications(facts)) { generated, _ in generated }
    }

    /// `2026-11-27 11:42:14` (UTC, to the second).
    static func time(_ date: Date) -> String {
        let text = Timestamp.format(date)
        return String(text.prefix(19)).replacingOccurrences(of: "T", with: " ")
    }

    /// `[ev-12](aftermath:evidence/ev-12)`; an id of any other shape is shown escaped, unlinked.
    static func cite(_ id: String) -> String {
        EvidenceCitation.markdown(id) ?? MarkdownText.inline(id)
    }

    private static func firstSymptomSource(_ impact: ImpactFigures) -> String {
        guard let moment = impact.firstSymptomMoment else { return "the alert fired (no earlier sign in the evidence)" }
        return MarkdownText.inline(moment.text, limit: 200) + " " + cite(moment.evidenceID)
    }

    private static func row(_ row: TimelineRow) -> [String: Any] {
        let evidence: String
        if !row.evidence.isEmpty {
            evidence = row.evidence.map(cite).joined(separator: ", ")
        } else {
            evidence = row.reference.map { MarkdownText.inline($0) } ?? none
        }
        return ["time": time(row.at), "event": MarkdownText.inline(row.event, limit: 400), "evidence": evidence]
    }

    private static func evidenceRow(_ item: EvidenceSummary) -> [String: Any] {
        var status = MarkdownText.inline(item.status.rawValue)
        if let error = item.error, item.status != .ok { status += ": " + MarkdownText.inline(error, limit: 160) }
        return [
            "cite": cite(item.id),
            "kind": MarkdownText.inline(item.kind.rawValue),
            "name": MarkdownText.inline(item.name, limit: 120),
            "host": item.host.map { MarkdownText.inline($0, limit: 60) } ?? none,
            "status": status,
            "window": "\(time(item.windowStart)) → \(time(item.windowEnd))",
        ]
    }

    static func orderedUnique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }
}
