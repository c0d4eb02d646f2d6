import AftermathCore
import Archive
import Foundation

/// Builds the search index shards: each incident (and each ad-hoc evidence item) always lands in
/// the same shard, so changing one incident rewrites one shard.
struct SearchIndexBuilder {
    let model: SiteModel
    let options: SiteOptions

    /// The shard an incident or item belongs to.
    static func shard(of key: String, count: Int) -> Int {
        var h = ContentHasher()
        h.combine(key)
        return Int(h.value % UInt64(max(1, count)))
    }

    /// Members of every shard: incident entry indices and ad-hoc evidence items.
    func members() -> [(entries: [Int], adHoc: [EvidenceSummary])] {
        var result = Array(repeating: (entries: [Int](), adHoc: [EvidenceSummary]()), count: max(1, options.searchShards))
        for (i, entry) in model.entries.enumerated() {
            result[Self.shard(of: entry.record.id, count: result.count)].entries.append(i)
        }
        for item in model.adHocEvidence {
            result[Self.shard(of: item.id, count: result.count)].adHoc.append(item)
        }
        return result
    }

    /// Hash of one shard's inputs.
    func hash(entries: [Int], adHoc: [EvidenceSummary]) -> UInt64 {
        Self.hash(searchHashes: entries.map { model.entries[$0].searchHash }, adHoc: Self.adHocHash(adHoc), options: options)
    }

    /// Hash of one shard from its incidents' `searchHash`es and `adHocHash` of its ad-hoc items.
    static func hash(searchHashes: [UInt64], adHoc: UInt64, options: SiteOptions) -> UInt64 {
        var h = ContentHasher()
        h.combine("search-v2")
        h.combine(Int64(options.searchLinesPerItem))
        for hash in searchHashes { h.combine(hash: hash) }
        h.combine(hash: adHoc)
        return h.value
    }

    static func adHocHash(_ adHoc: [EvidenceSummary]) -> UInt64 {
        var h = ContentHasher()
        for item in adHoc {
            h.combine(item.id)
            h.combine(item.sha256)
        }
        return h.value
    }

    /// The shard scripts the search page loads, versioned by each shard's hash (so caches refresh).
    static func scripts(shardHashes: [UInt64]) -> [String] {
        shardHashes.enumerated().map { n, hash in SitePaths.searchShard(n) + "?v=" + ContentHasher.hex(hash).prefix(10) }
    }

    /// The shard script, as UTF-8.
    func render(entries: [Int], adHoc: [EvidenceSummary], database: AppDatabase, scanner: PostmortemScanner) async throws -> [UInt8] {
        var shard = SearchShard()
        for i in entries {
            let entry = model.entries[i]
            let body = entry.postmortem.flatMap(scanner.body(of:)).map(MachineRegions.strip) ?? ""
            var text = entry.services.joined(separator: " ") + " " + entry.alertMarks.map(\.name).joined(separator: " ")
            text += " " + entry.labels.values.joined(separator: " ") + " " + entry.record.id + " " + body
            let snippet = body.isEmpty
                ? "\(entry.record.severity.rawValue) · \(entry.services.joined(separator: ", ")) · \(entry.record.status.rawValue) · \(Display.time(entry.record.startedAt))"
                : Self.plainText(body)
            shard.add(.init(url: SitePaths.incident(entry.record.id), title: HTML.visible(entry.title), snippet: HTML.visible(snippet), kind: "i"), text: text)
            try await addEvidence(entry.evidence, to: &shard, database: database)
        }
        try await addEvidence(adHoc, to: &shard, database: database)
        return shard.script()
    }

    private func addEvidence(_ items: [EvidenceSummary], to shard: inout SearchShard, database: AppDatabase) async throws {
        for item in items {
            let title = "\(item.id) · \(item.name)" + (item.host.map { " @ \($0)" } ?? "")
            shard.add(.init(url: SitePaths.evidence(item.id), title: HTML.visible(title),
                            snippet: HTML.visible("\(item.kind.rawValue) · \(item.collector) · \(item.status.rawValue)" + (item.error.map { ": \($0)" } ?? "")), kind: "e"),
                      text: item.request + " " + item.collector + " " + item.kind.rawValue + " " + (item.error ?? ""))
            guard item.kind != .metrics, item.size > 0 else { continue }
            let content = try await database.evidenceContent(id: item.id)
            for (n, line) in LogViewer.split(String(decoding: content, as: UTF8.self)).prefix(options.searchLinesPerItem).enumerated() {
                let text = String(line)
                guard !FastText.isBlank(text) else { continue }
                shard.add(.init(url: SitePaths.evidence(item.id) + "#L\(n + 1)", title: HTML.visible(title) + " · line \(n + 1)",
                                snippet: HTML.visible(text), kind: "l"), text: text)
            }
        }
    }

    /// Markdown reduced to readable text for a snippet (markup characters and code fences dropped).
    static func plainText(_ markdown: String) -> String {
        var out = ""
        var inFence = false
        for line in markdown.utf8.split(separator: 0x0A) {
            let trimmed = FastText.trimmed(Substring(line))
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle(); continue }
            if inFence || trimmed.hasPrefix("#") || trimmed.hasPrefix("<") || trimmed.isEmpty { continue }
            out += String(decoding: trimmed.utf8.filter { $0 != 0x2A && $0 != 0x5F && $0 != 0x60 && $0 != 0x5B && $0 != 0x5D && $0 != 0x3E }, as: UTF8.self) + " "
            if out.count > SearchShard.snippetLength { break }
        }
        return String(FastText.trimmed(out))
    }
}
