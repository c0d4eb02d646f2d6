import AftermathCore
import Archive
import Foundation

/// The changes an incident page lists: those to its services in its `ChangeWindow`, each marked
/// relative to the first symptom, as the postmortem's timeline marks them.
struct ChangeSection {
    /// The first symptom: the postmortem's `started` when it has one (the evidence can show trouble
    /// before the alert), else the incident's start.
    let firstSymptom: Date
    let changes: [ChangeRecord]

    init(entry: IncidentEntry, byService: [String: [ChangeRecord]], lookback: TimeInterval) {
        let window = ChangeWindow(
            startedAt: entry.record.startedAt, resolvedAt: entry.record.status == .resolved ? entry.record.resolvedAt : nil,
            postmortemStarted: entry.postmortem?.frontMatter?.started, lookback: lookback)
        firstSymptom = window.firstSymptom
        var found: [ChangeRecord] = []
        for service in entry.services {
            for change in byService[service] ?? [] where window.contains(change.at) {
                found.append(change)
            }
        }
        changes = found.sorted { $0.at == $1.at ? $0.id < $1.id : $0.at < $1.at }
    }

    /// Hash of what the section shows.
    var hash: UInt64 {
        var h = ContentHasher()
        h.combine(firstSymptom)
        for change in changes { h.combine(change) }
        return h.value
    }

    /// Template rows; every text is made visible here and escaped by the template.
    var rows: [[String: Any]] {
        changes.map { change in
            var row: [String: Any] = [
                "time": Display.timeContext(change.at), "kind": change.kind.rawValue,
                "headline": HTML.visible(change.event.headline),
                "relative": ChangeEvent.relativeToFirstSymptom(change.at, firstSymptom),
                "source": HTML.visible(change.source),
            ]
            if let link = change.link.flatMap(LinkPolicy.externalURL) { row["link"] = link }
            return row
        }
    }
}
