import AftermathCore
import Archive
import Foundation

/// A rebuild from the kept plan when only postmortem bodies changed: the archive's change counter,
/// the templates and the options are those of the plan, no time-dependent figure has moved, no
/// postmortem file was added or removed, and every changed file keeps its front matter and its
/// digest (summary, action items, status). Then only the edited incidents' pages, their search
/// shards, the search page and the feed can change; everything else keeps its manifest hash.
struct KeptPlanRebuild {
    /// Pages to plan again, with their new hashes, and the incidents they need rendered from.
    struct Replan {
        /// Incident ids whose postmortem changed.
        var changed: [String]
        var incidentPages: [String: UInt64]
        /// Shard number → hash, for every shard (the search page names them all).
        var shardHashes: [UInt64]
        var searchPage: (scripts: [String], hash: UInt64)
        var feed: (ids: [String], hash: UInt64)
        /// Incidents of each shard, in listing order.
        var shardMembers: [[String]]
    }

    let kept: KeptPlan
    let options: SiteOptions
    let templates: SiteTemplates

    /// Whether the plan was made from this archive state, these templates and options, and no
    /// time-dependent figure has moved since.
    func keyMatches(counter: SiteChangeCounter, now: Date) -> Bool {
        let key = kept.key
        return key.counter == counter && key.config == SitePlanner.configHash(options, templates) && key.builtAt <= now
            && (key.validUntil.map { now < $0 } ?? true) && kept.adHoc.count == max(1, options.searchShards)
    }

    /// The pages to plan again, or nil when the kept plan cannot answer (a full build follows).
    func replan(counter: SiteChangeCounter, now: Date, previous: SiteManifest, files: [PostmortemFile]) -> Replan? {
        guard keyMatches(counter: counter, now: now), files.count == previous.postmortems.count else { return nil }
        var byName: [String: PostmortemFile] = [:]
        byName.reserveCapacity(files.count)
        var changedFiles: [PostmortemFile] = []
        for file in files {
            byName[file.name] = file
            guard let old = previous.postmortems[file.name] else { return nil }
            if old != file { changedFiles.append(file) }
        }
        var position: [String: Int] = [:]
        position.reserveCapacity(kept.incidents.count)
        for (i, incident) in kept.incidents.enumerated() { position[incident.id] = i }
        var changed: [String] = []
        for file in changedFiles {
            guard let old = previous.postmortems[file.name], let front = file.frontMatter, old.frontMatter == front, old.error == file.error,
                  let i = position[front.id], kept.incidents[i].postmortem == file.name, file.digest != nil,
                  KeptPlan.digestHash(PostmortemDigestSync.record(file, at: now)) == kept.incidents[i].digest else { return nil }
            changed.append(front.id)
        }
        func file(_ incident: KeptPlan.Incident) -> PostmortemFile? { incident.postmortem.flatMap { byName[$0] } }

        var incidentPages: [String: UInt64] = [:]
        for id in changed {
            let incident = kept.incidents[position[id]!]
            incidentPages[id] = IncidentEntry.withPostmortem(incident.page, file(incident))
        }
        var members = Array(repeating: [String](), count: kept.adHoc.count)
        var searchHashes = Array(repeating: [UInt64](), count: kept.adHoc.count)
        for incident in kept.incidents {
            let n = SearchIndexBuilder.shard(of: incident.id, count: members.count)
            members[n].append(incident.id)
            searchHashes[n].append(IncidentEntry.withPostmortem(incident.search, file(incident)))
        }
        let shardHashes = zip(searchHashes, kept.adHoc).map { SearchIndexBuilder.hash(searchHashes: $0, adHoc: $1, options: options) }
        let scripts = SearchIndexBuilder.scripts(shardHashes: shardHashes)
        let base = SitePlanner.base(options, templates)
        let feedRows = kept.feed.compactMap { position[$0] }.map { i in
            let incident = kept.incidents[i]
            let file = file(incident)
            return (incident.row, file?.hash ?? 0, FeedPage.updated(record: incident.updatedAt, postmortem: file))
        }
        var feed = base
        feed.combine(hash: FeedPage.hash(feedRows, options: options))
        return Replan(
            changed: changed, incidentPages: incidentPages, shardHashes: shardHashes,
            searchPage: (scripts, SitePlanner.searchPageHash(scripts, base: base)), feed: (kept.feed, feed.value), shardMembers: members)
    }
}
