import AftermathCore
import Archive
import Foundation

/// The "Seen before" section of an incident page: earlier incidents that share its alert, its
/// service or its alert group, newest first, each with why it matched, how it went, and what its
/// postmortem concluded and left open.
enum RelatedSection {
    /// Open action items shown per entry (the rest are counted).
    static let actionsShown = 3

    /// The `seenBefore` context of the incident page (links relative to a page one level down);
    /// `rows` holds the rows of the entries listed, from `rows(listedBy:model:digests:)`.
    static func context(_ list: RelatedList?, model: SiteModel, rows: [Int: [String: Any]]) -> [String: Any] {
        let matches = list?.matches ?? []
        let entries: [[String: Any]] = matches.compactMap { match in
            guard let index = model.indexByID[match.incidentID], var row = rows[index] else { return nil }
            row["why"] = HTML.visible(match.explanation)
            return row
        }
        return [
            "empty": entries.isEmpty,
            "entries": entries,
            "counts": HTML.visible(countsText(list?.counts ?? [], shown: entries.count)),
        ]
    }

    /// The row of every entry `lists` name, by entry index: all of a row but why it matched, which
    /// is the same on every page listing it (up to `relatedLimit` pages each), so built once per build.
    static func rows(listedBy lists: some Sequence<RelatedList>, model: SiteModel, digests: [String: PostmortemDigestRecord]) -> [Int: [String: Any]] {
        var rows: [Int: [String: Any]] = [:]
        for match in lists.lazy.flatMap(\.matches) {
            guard let index = model.indexByID[match.incidentID], rows[index] == nil else { continue }
            rows[index] = row(model.entries[index], digest: digests[match.incidentID])
        }
        return rows
    }

    /// `entry`'s row without `why`.
    private static func row(_ entry: IncidentEntry, digest: PostmortemDigestRecord?) -> [String: Any] {
        var row: [String: Any] = [
            "id": entry.record.id, "url": "../" + SitePaths.incident(entry.record.id), "title": HTML.visible(entry.title),
            "date": Display.time(entry.record.startedAt), "dateISO": Display.iso(entry.record.startedAt),
            "duration": entry.durationText, "pmKey": entry.postmortemKey, "pmLabel": entry.postmortemLabel,
        ]
        if let digest {
            if let summary = digest.summary { row["summary"] = HTML.visible(summary) }
            row["actions"] = digest.openActions.prefix(actionsShown).map { HTML.visible($0) }
            if digest.openActions.count > actionsShown { row["moreActions"] = "and \(digest.openActions.count - actionsShown) more" }
        } else {
            row["actions"] = [String]()
        }
        return row
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
