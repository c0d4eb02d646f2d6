import AftermathCore
import Archive
import Capture
import Foundation

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

    /// Facts assembled by hand (tests) or by `load`.
    public init(
        incident: IncidentRecord, alerts: [AlertRecord], timeline: [TimelineEventRecord], evidence: [EvidenceSummary],
        captures: [CaptureRecord], moments: [DerivedMoment]
    ) {
        self.incident = incident
        self.alerts = alerts
        self.timeline = timeline
        self.evidence = evidence
        self.captures = captures
        self.moments = moments
    }

    /// Reads an incident's facts; nil when the incident is unknown.
    public static func load(_ database: AppDatabase, incidentID: String) async throws -> PostmortemFacts? {
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
        return PostmortemFacts(
            incident: detail.incident, alerts: detail.alerts, timeline: detail.timeline, evidence: evidence,
            captures: captures, moments: ordered)
    }

    /// The earliest crossing of each alert's own expression across the incident's captures.
    static func thresholdCrossings(_ database: AppDatabase, evidence: [EvidenceSummary]) async throws -> [DerivedMoment] {
        var earliest: [String: DerivedMoment] = [:]
        var order: [String] = []
        for item in evidence where item.kind == EvidenceKind.metrics.rawValue && (item.status == "ok" || item.status == "truncated") {
            guard let alert = EvidenceMoments.alertName(fromItemName: item.name),
                  let stored = try await database.evidenceItem(id: item.id),
                  let series = try? seriesDecoder.decode([MetricSeries].self, from: stored.content) else { continue }
            let request = (try? JSONDecoder().decode([String: String].self, from: Data(item.request.utf8))) ?? [:]
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

    /// Reads series as the capture runner writes them (NaN and ±Inf as strings).
    static let seriesDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return decoder
    }()
}
