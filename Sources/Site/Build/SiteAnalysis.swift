import AftermathCore
import Archive
import Foundation

/// What the site shows across incidents, read from the archive once per build: each incident's
/// earlier related incidents ("seen before"), the postmortem digests those entries quote, the
/// insights report and the changes to services. Everything here comes from SQL over stored rows (no postmortem is re-read).
struct SiteAnalysis: Sendable {
    /// Earlier related incidents listed on an incident page.
    static let relatedLimit = 10

    /// By incident id.
    var related: [String: RelatedList]
    /// Each incident's postmortem digest, by incident id.
    var digests: [String: PostmortemDigestRecord]
    /// Hash of what "seen before" quotes from each digest (summary, open items), by incident id:
    /// taken once per incident, not once per listing of it (up to `relatedLimit` pages list each).
    var digestHashes: [String: UInt64]
    /// Nil in a rebuild from a kept plan (the insights page is not planned then).
    var insights: InsightsReport?
    /// Every change, by service, oldest first.
    var changesByService: [String: [ChangeRecord]] = [:]
    /// Incidents flagged for a status page still open after they resolved, by incident id.
    var statusPageFlags: [String: StatusPageFollowUp] = [:]
    /// The first moment after `now` at which a page changes with time alone (a banner appears, a
    /// postmortem turns overdue); nil when none is pending.
    var nextTimedChange: Date?

    /// Related lists for every incident, the digests, the status-page flags and the report (the reads run concurrently).
    static func load(database: AppDatabase, now: Date, statusPage: StatusPageTiming) async throws -> SiteAnalysis {
        async let insights = database.insights(InsightsQuery(now: now))
        async let nextDue = database.nextPostmortemDue(after: now)
        var analysis = try await load(database: database, now: now, statusPage: statusPage, relatedOf: nil)
        analysis.insights = try await insights
        analysis.nextTimedChange = [analysis.nextTimedChange, try await nextDue].compactMap { $0 }.min()
        return analysis
    }

    /// The same without the insights report, with related lists for `relatedOf` only (all when nil).
    static func load(database: AppDatabase, now: Date, statusPage: StatusPageTiming, relatedOf ids: Set<String>?) async throws -> SiteAnalysis {
        async let relationKeys = database.relationKeys()
        async let allDigests = ids == nil ? database.postmortemDigests() : [:]
        async let followUps = database.statusPageFollowUps(timing: statusPage)
        async let changes = database.changes()
        let relations = try await relationKeys
        let index = RelatedIndex(relations)
        var related: [String: RelatedList] = [:]
        related.reserveCapacity(ids?.count ?? relations.count)
        for keys in relations where ids?.contains(keys.incidentID) ?? true {
            if let list = index.related(to: keys.incidentID, limit: relatedLimit) { related[keys.incidentID] = list }
        }
        // Digests of the incidents listed, when only some related lists are wanted.
        let listed = ids.map { ids in Array(Set(ids).union(related.values.flatMap { $0.matches.map(\.incidentID) })) }
        let digestRecords = if let listed { try await database.postmortemDigests(incidentIDs: listed) } else { try await allDigests }
        var digestHashes: [String: UInt64] = [:]
        digestHashes.reserveCapacity(digestRecords.count)
        for (id, digest) in digestRecords {
            var h = ContentHasher()
            h.combine(digest.summary)
            for action in digest.openActions { h.combine(action) }
            digestHashes[id] = h.value
        }
        var byService: [String: [ChangeRecord]] = [:]
        for change in try await changes.reversed() { byService[change.service, default: []].append(change) }
        var flags: [String: StatusPageFollowUp] = [:]
        var nextFlag: Date?
        for followUp in try await followUps {
            if followUp.isFlagged(at: now) {
                flags[followUp.incidentID] = followUp
            } else {
                nextFlag = min(nextFlag ?? followUp.flaggedAt, followUp.flaggedAt)
            }
        }
        return SiteAnalysis(
            related: related, digests: digestRecords, digestHashes: digestHashes, insights: nil,
            changesByService: byService, statusPageFlags: flags, nextTimedChange: nextFlag)
    }

    /// The changes `entry`'s page lists.
    func changes(_ entry: IncidentEntry, lookback: TimeInterval) -> ChangeSection {
        ChangeSection(entry: entry, byService: changesByService, lookback: lookback)
    }

    /// The status-page banner of `entry`'s page, if it is flagged.
    func statusPageBanner(_ entry: IncidentEntry) -> StatusPageBanner? {
        statusPageFlags[entry.record.id].map(StatusPageBanner.init)
    }

    /// What a "seen before" listing shows of each incident (its row and its digest's quote), by
    /// incident id: one lookup per listing instead of two, taken once per build.
    func listedHashes(_ model: SiteModel) -> [String: UInt64] {
        var hashes: [String: UInt64] = [:]
        hashes.reserveCapacity(model.entries.count)
        for entry in model.entries {
            var h = ContentHasher()
            h.combine(hash: entry.rowHash)
            if let digest = digestHashes[entry.record.id] { h.combine(hash: digest) }
            hashes[entry.record.id] = h.value
        }
        return hashes
    }

    /// Hash of everything the "seen before" section of `entry`'s page shows (`listed` from `listedHashes`).
    func relatedHash(_ entry: IncidentEntry, listed: [String: UInt64]) -> UInt64 {
        var h = ContentHasher()
        guard let list = related[entry.record.id] else { return h.value }
        for match in list.matches {
            // What `explanation` is made of, without building the sentence for every listing.
            h.combine(match.incidentID)
            h.combine(Int64(match.sameGroup ? 1 : 0))
            for name in match.alertNames { h.combine(name) }
            h.combine(bytes: CollectionOfOne(0x1D))
            for service in match.services { h.combine(service) }
            h.combine(bytes: CollectionOfOne(0x1D))
            h.combine(hash: listed[match.incidentID] ?? 0)
        }
        for count in list.counts {
            h.combine(count.kind)
            h.combine(count.value)
            h.combine(Int64(count.earlier))
        }
        return h.value
    }

    /// Hash of the insights page's numbers (the generation time aside: an unchanged archive
    /// leaves the page unwritten).
    var insightsHash: UInt64 {
        guard var report = insights else { return 0 }
        report.generatedAt = Date(timeIntervalSince1970: 0)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return ContentHasher.hash((try? encoder.encode(report)) ?? Data())
    }
}
