import AftermathCore
import Archive
import Foundation

/// The template values of the analysis regions: responders (header), the detection lead and
/// candidate indicators (`detection`), and earlier related incidents (`related`). Every value is
/// escaped for Markdown, every finding cites its evidence.
extension PostmortemContext {
    /// Candidate log indicators listed.
    static let indicatorLimit = 10

    static func analysis(_ facts: PostmortemFacts) -> [String: Any] {
        var context: [String: Any] = [:]
        context["responders"] = Responders.text(Responders.list(facts.timeline)).map { MarkdownText.inline($0, limit: 600) } ?? none

        let lead = facts.detectionLead
        let collectors = Dictionary(facts.evidence.map { ($0.id, $0.collector) }, uniquingKeysWith: { a, _ in a })
        let sentence = lead.sentence(hasEvidence: !facts.evidence.isEmpty) { source, evidenceID in
            collectors[evidenceID].map { $0 == source ? $0 : "\($0) (\(source))" } ?? source
        }
        context["detectionLead"] = MarkdownText.inline(sentence, limit: 600) + (lead.signal.map { " " + cite($0.evidenceID) } ?? "") + "."

        let indicators = LogIndicator.rank(facts.errorLines, alertFiredAt: lead.alertFiredAt, limit: indicatorLimit)
        context["hasLogIndicators"] = !indicators.isEmpty
        context["logIndicators"] = indicators.enumerated().map { i, indicator -> [String: Any] in
            let offset = lead.alertFiredAt.timeIntervalSince(indicator.firstSeen)
            let relative = offset > 0 ? "\(DurationText.format(offset)) before the alert"
                : offset < 0 ? "\(DurationText.format(-offset)) after the alert" : "as the alert fired"
            return [
                "rank": i + 1,
                "template": MarkdownText.inline(indicator.template, limit: 200),
                "sources": indicator.sources.map { source in
                    MarkdownText.inline(collectorName(source, collectors: collectors, facts: facts), limit: 120)
                }.joined(separator: ", "),
                "firstSeen": "\(time(indicator.firstSeen)) (\(relative))",
                "lines": "\(indicator.count) (\(indicator.countBeforeAlert) before)",
                "cite": cite(indicator.evidenceID),
            ]
        }
        context["hasMetricIndicators"] = !facts.metricIndicators.isEmpty
        context["metricIndicators"] = facts.metricIndicators.map { indicator -> [String: Any] in
            let offset = lead.alertFiredAt.timeIntervalSince(indicator.at)
            return [
                "series": MarkdownText.inline(indicator.series, limit: 200),
                "query": MarkdownText.inline(indicator.query, limit: 200),
                "at": time(indicator.at) + (offset > 0 ? " (\(DurationText.format(offset)) before the alert)" : ""),
                "how": MarkdownText.inline(indicator.how, limit: 160),
                "cite": cite(indicator.evidenceID),
            ]
        }

        let related = facts.related?.incidents ?? []
        context["hasRelated"] = !related.isEmpty
        context["relatedIntro"] = relatedIntro(facts.related)
        context["related"] = related.map { incident -> [String: Any] in
            var line = "\(time(incident.startedAt).prefix(10)) · [\(MarkdownText.inline(incident.title, limit: 160))](aftermath:incident/\(incident.match.incidentID))"
            line += " (\(MarkdownText.inline(incident.match.incidentID)))"
            line += " · " + (incident.durationSeconds.map { "lasted \(DurationText.format($0))" } ?? "still \(incident.status.rawValue)")
            line += " · postmortem: \(MarkdownText.inline(incident.postmortemStatus))"
            line += " · " + MarkdownText.inline(incident.match.explanation, limit: 300)
            var details: [String] = []
            if let summary = incident.summary { details.append("Summary: " + MarkdownText.inline(summary, limit: 400)) }
            if !incident.openActions.isEmpty {
                let shown = incident.openActions.prefix(3).map { MarkdownText.inline($0, limit: 200) }
                let more = incident.openActions.count > 3 ? " (and \(incident.openActions.count - 3) more)" : ""
                details.append("Open action items: " + shown.joined(separator: "; ") + more)
            }
            return ["line": line, "details": details]
        }
        return context
    }

    /// The collector that read `source` (e.g. `api-log`), else the source itself.
    private static func collectorName(_ source: String, collectors: [String: String], facts: PostmortemFacts) -> String {
        for line in facts.errorLines where line.source == source {
            if let collector = collectors[line.evidenceID] { return collector == source ? source : "\(collector) (\(source))" }
            break
        }
        return source
    }

    /// `3 earlier incidents share this incident's alert, service or alert group (newest first; …)`.
    private static func relatedIntro(_ related: RelatedIncidents?) -> String {
        guard let related, !related.incidents.isEmpty else {
            return "No earlier incident shares this incident's alerts, services or alert group."
        }
        let n = related.incidents.count
        var counts: [String] = []
        for count in related.counts where count.earlier > 0 {
            switch count.kind {
            case "group": counts.append("its alert group opened \(count.earlier)")
            case "alert": counts.append("\(MarkdownText.inline(count.value, limit: 120)) fired in \(count.earlier)")
            default: counts.append("service \(MarkdownText.inline(count.value, limit: 80)) had \(count.earlier)")
            }
        }
        let head = n == 1 ? "1 earlier incident shares" : "\(n) earlier incidents share"
        return "\(head) this incident's alert, service or alert group, newest first"
            + (counts.isEmpty ? "" : " (all earlier: " + counts.joined(separator: "; ") + ")") + ":"
    }
}
