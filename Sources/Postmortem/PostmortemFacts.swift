import AftermathCore
import Archive
import Foundation
import Settings

/// Everything the archive knows about one incident that its postmortem shows.
public struct PostmortemFacts: Sendable {
    /// The incident.
    public var incident: IncidentRecord
    /// Alerts, oldest first.
    public var alerts: [AlertRecord]
    /// Timeline events in time order.
    public var timeline: [TimelineEventRecord]
    /// Evidence items in storage order.
    public var evidence: [EvidenceSummary]
    /// Captures, oldest first.
    public var captures: [CaptureRecord]
    /// Moments read out of the evidence, in time order.
    public var moments: [DerivedMoment]
    /// The error lines of its log evidence, in time order (for candidate indicators).
    public var errorLines: [EvidenceMoments.Line] = []
    /// Captured metric series that crossed before the alert's own expression did.
    public var metricIndicators: [MetricIndicator] = []
    /// Earlier incidents sharing its alert, service or alert group (nil: not looked up).
    public var related: RelatedIncidents?
    /// Changes to its services from the capture lookback before the first symptom until it
    /// resolved, oldest first.
    public var changes: [ChangeRecord] = []
    /// Chat messages imported into it (`aftermath import slack`), in time order.
    public var chat: [ChatMessageRecord] = []

    /// Earlier related incidents the postmortem lists.
    public static let relatedLimit = 10

    /// How early the evidence showed trouble compared with the alert.
    public var detectionLead: DetectionLead {
        DetectionLead(incident: incident, alerts: alerts, moments: moments)
    }

    /// Reads an incident's facts; nil when the incident is unknown. Changes to its services are
    /// read from `changeLookback` (`capture.lookback`) before the first symptom until it resolved.
    public static func load(
        _ database: AppDatabase, incidentID: String, changeLookback: TimeInterval = CaptureConfig().lookback
    ) async throws -> PostmortemFacts? {
        guard let detail = try await database.incident(id: incidentID) else { return nil }
        let evidence = try await database.evidence(incidentID: incidentID)
        let captures = try await database.captures(incidentID: incidentID)
        var moments: [DerivedMoment] = []

        let candidates = try await database.timestampedLogLines(incidentID: incidentID, containingAny: EvidenceMoments.errorTerms)
        let lines = candidates.compactMap { line -> EvidenceMoments.Line? in
            guard let at = line.ts else { return nil }
            return EvidenceMoments.Line(evidenceID: line.evidenceID, source: line.source, at: at, text: line.text)
        }
        let errors = EvidenceMoments.errorLines(lines)
        moments += EvidenceMoments.firstErrors(errors)
        moments += EvidenceMoments.bursts(errors)
        moments += try await thresholdCrossings(database, evidence: evidence)

        let ordered = moments.enumerated().sorted { a, b in
            a.element.at == b.element.at ? a.offset < b.offset : a.element.at < b.element.at
        }.map(\.element)
        let lead = DetectionLead(incident: detail.incident, alerts: detail.alerts, moments: ordered)
        var ownCrossing: Date?
        for moment in ordered {
            if case .thresholdCrossed(let alert, _, _) = moment.kind, alert == lead.alertName { ownCrossing = moment.at; break }
        }
        let indicators = try await metricIndicators(
            database, evidence: evidence, alertName: lead.alertName, before: ownCrossing ?? lead.alertFiredAt, alertFiredAt: lead.alertFiredAt)
        var facts = PostmortemFacts(
            incident: detail.incident, alerts: detail.alerts, timeline: detail.timeline, evidence: evidence,
            captures: captures, moments: ordered, errorLines: errors, metricIndicators: indicators,
            related: try await database.relatedIncidents(to: incidentID, limit: relatedLimit),
            chat: try await database.chatMessages(incidentID: incidentID))
        let window = changeWindow(facts, lookback: changeLookback)
        facts.changes = try await database.changes(services: detail.incident.services, from: window.from, to: window.to)
        return facts
    }

    /// The changes an incident shows: from `lookback` before its first symptom until it resolved
    /// (open-ended while it is open).
    public static func changeWindow(_ facts: PostmortemFacts, lookback: TimeInterval) -> (from: Date, to: Date?) {
        let impact = ImpactFigures(facts)
        return (impact.firstSymptom - lookback, facts.incident.status == .resolved ? facts.incident.resolvedAt : nil)
    }

    /// Metric series other than the detecting alert's own expression that crossed their query's
    /// threshold, or left their baseline, before `before` (the own expression's crossing, else the
    /// alert); earliest first, at most 10.
    static func metricIndicators(
        _ database: AppDatabase, evidence: [EvidenceSummary], alertName: String, before: Date, alertFiredAt: Date
    ) async throws -> [MetricIndicator] {
        var found: [MetricIndicator] = []
        for item in evidence where item.kind == .metrics && (item.status == .ok || item.status == .truncated) {
            if EvidenceMoments.alertName(fromItemName: item.name) == alertName { continue }
            guard let stored = try await database.evidenceItem(id: item.id),
                  let series = try? SeriesCodec.decode(stored.content) else { continue }
            let request = (try? JSONDecoder().decode([String: String].self, from: Data(item.request.utf8))) ?? [:]
            for s in series {
                let query = s.query.isEmpty ? (request["query"] ?? item.name) : s.query
                let condition = AlertCondition.parse(query)
                guard let departure = SeriesDeparture.first(
                    s.points.map { ($0.t, $0.v) }, condition: condition, alertFiredAt: alertFiredAt.timeIntervalSince1970) else { continue }
                let at = Date(timeIntervalSince1970: departure.at)
                guard at < before else { continue }
                let how: String
                if let condition {
                    how = "crossed \(condition) (value \(AlertCondition.format(departure.value)))"
                } else {
                    how = "left its baseline: \(AlertCondition.format(departure.baseline ?? 0)) → \(AlertCondition.format(departure.value))"
                }
                found.append(MetricIndicator(evidenceID: item.id, query: query, series: MetricIndicator.label(s.labels), at: at, how: how))
            }
        }
        return Array(found.enumerated().sorted { a, b in
            a.element.at == b.element.at ? a.offset < b.offset : a.element.at < b.element.at
        }.map(\.element).prefix(10))
    }

    /// The earliest crossing of each alert's own expression across the incident's captures.
    static func thresholdCrossings(_ database: AppDatabase, evidence: [EvidenceSummary]) async throws -> [DerivedMoment] {
        var earliest: [String: DerivedMoment] = [:]
        var order: [String] = []
        for item in evidence where item.kind == .metrics && (item.status == .ok || item.status == .truncated) {
            guard let alert = EvidenceMoments.alertName(fromItemName: item.name),
                  let stored = try await database.evidenceItem(id: item.id),
                  let series = try? SeriesCodec.decode(stored.content) else { continue }
            let request = item.requestFields
            guard let moment = EvidenceMoments.thresholdCrossing(
                alert: alert, expression: request["query"], series: series, evidenceID: item.id) else { continue }
            if let known = earliest[alert] {
                if moment.at < known.at { earliest[alert] = moment }
            } else {
                earliest[alert] = moment
                order.append(alert)
            }
        }
        return order.compactMap { earliest[$0] }
    }
}
