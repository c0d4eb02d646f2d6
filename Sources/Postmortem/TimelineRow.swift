import AftermathCore
import Archive
import Foundation

/// One row of a postmortem's timeline: when, what, and where it came from.
public struct TimelineRow: Sendable, Equatable {
    /// When it happened.
    public var at: Date
    /// The event as one line of plain text (escaped when rendered).
    public var event: String
    /// Evidence items the row cites (`ev-12`).
    public var evidence: [String] = []
    /// Where the row came from when no evidence item does (`delivery 12`, `cli`).
    public var reference: String?

    /// The rows of an incident's timeline: its recorded events (lifecycle, alerts, notes, status-page
    /// updates, PagerDuty annotations, captures with the evidence they stored), the moments read
    /// out of the evidence and the changes to its services, in time order.
    public static func rows(for facts: PostmortemFacts) -> [TimelineRow] {
        var rows: [TimelineRow] = []
        var usedCaptures: Set<Int64> = []
        for event in facts.timeline {
            switch event.kind {
            case .note:
                let who = event.actor.map { " (\($0))" } ?? ""
                rows.append(TimelineRow(at: event.at, event: "Note\(who): \(event.text)", reference: reference(of: event)))
            case .chatMessage:
                // Listed, each cited, in the Communications section.
                continue
            case .chatImport:
                let cited = citedIDs(in: event.text)
                rows.append(TimelineRow(at: event.at, event: event.text, evidence: cited, reference: cited.isEmpty ? reference(of: event) : nil))
            case .capture:
                let capture = facts.captures.first { capture in
                    guard let finished = capture.finishedAt, !usedCaptures.contains(capture.id) else { return false }
                    return abs(finished.timeIntervalSince(event.at)) < 0.002
                }
                var cited = capture.map { c in facts.evidence.filter { $0.captureID == c.id }.map(\.id) } ?? []
                if let capture { usedCaptures.insert(capture.id) }
                if cited.isEmpty { cited = citedIDs(in: event.text) }
                rows.append(TimelineRow(at: event.at, event: event.text, evidence: cited, reference: cited.isEmpty ? reference(of: event) : nil))
            default:
                rows.append(TimelineRow(at: event.at, event: event.text, reference: reference(of: event)))
            }
        }
        for moment in facts.moments {
            rows.append(TimelineRow(at: moment.at, event: moment.text, evidence: [moment.evidenceID]))
        }
        if !facts.changes.isEmpty {
            let firstSymptom = ImpactFigures(facts).firstSymptom
            for change in facts.changes {
                rows.append(TimelineRow(
                    at: change.at, event: "Change: \(change.event.headline), \(ChangeEvent.relativeToFirstSymptom(change.at, firstSymptom))",
                    reference: change.deliveryID.map { "\(change.source) delivery \($0)" } ?? change.source))
            }
        }
        return rows.enumerated().sorted { a, b in
            a.element.at == b.element.at ? a.offset < b.offset : a.element.at < b.element.at
        }.map(\.element)
    }

    private static func reference(of event: TimelineEventRecord) -> String {
        if let delivery = event.deliveryID { return "delivery \(delivery)" }
        return event.source
    }

    /// `ev-N` ids mentioned in a text (a capture summary line: `[ev-1 … ev-9]`).
    static func citedIDs(in text: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(text)
        while let range = rest.range(of: "ev-") {
            let digits = rest[range.upperBound...].prefix(while: { $0.isASCII && $0.isNumber })
            if !digits.isEmpty { ids.append("ev-\(digits)") }
            rest = rest[range.upperBound...]
        }
        return ids
    }
}
