import AftermathCore
import Archive
import Foundation

/// The "Seen before" section of an incident page: earlier incidents that share its alert, its
/// service or its alert group, newest first, each with why it matched, how it went, and what its
/// postmortem concluded and left open.
enum RelatedSection {
    /// Open action items shown per entry (the rest are counted).
    static let actionsShown = 3

    /// The `seenBefore` context of the incident page (links relative to a page one level down).
    static func context(_ list: RelatedList?, model: SiteModel, digests: [String: PostmortemDigestRecord]) -> [String: Any] {
        let matches = list?.matches ?? []
        let entries: [[String: Any]] = matches.compactMap { match in
            guard let index = model.indexByID[match.incidentID] else { return nil }
            let entry = model.entries[index]
            var row: [String: Any] = [
                "id": entry.record.id, "url": "../" + SitePaths.incident(entry.record.id), "title": HTML.visible(entry.title),
                "date": Display.time(entry.record.startedAt), "dateISO": Display.iso(entry.record.startedAt),
                "duration": entry.durationText, "pmKey": entry.postmortemKey, "pmLabel": entry.postmortemLabel,
                "why": HTML.visible(match.explanation),
            ]
            if let digest = digests[match.incidentID] {
                if let summary = digest.summary { row["summary"] = HTML.visible(summary) }
                row["actions"] = digest.openActions.prefix(actionsShown).map { HTML.visible($0) }
                if digest.openActions.count > actionsShown { row["moreActions"] = "and \(digest.openActions.count - actionsShown) more" }
            } else {
                row["actions"] = [String]()
            }
            return row
        }
        return [
            "empty": entries.isEmpty,
            "entries": entries,
            "counts": HTML.visible(countsText(list?.counts ?? [], shown: entries.count)),
        ]
    }

    /// `HighErrorRate fired in 12 earlier incidents · service checkout had 40 · … (the newest 10 are listed)`.
    static func countsText(_ counts: [RelatedKeyCount], shown: Int) -> String {
        var parts: [String] = []
        for count in counts where count.earlier > 0 {
            let n = count.earlier == 1 ? "1 earlier incident" : "\(count.earlier) earlier incidents"
            switch count.kind {
            case "group": parts.append("its alert group opened \(n)")
            case "alert": parts.append("\(count.value) fired in \(n)")
            default: parts.append("service \(count.value) had \(n)")
            }
        }
        var text = parts.joined(separator: " · ")
        if shown >= SiteAnalysis.relatedLimit { text += " (the newest \(shown) are listed)" }
        return text
    }
}
