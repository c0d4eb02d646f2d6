import Archive
import Foundation

/// What a full build derived from the archive, kept in the output directory so that a rebuild
/// after postmortem edits alone (the archive's change counter unchanged) re-plans only the pages
/// showing the edited files, without reading the whole archive again. Every hash here leaves the
/// postmortem file out; pages combine it in with `IncidentEntry.withPostmortem`.
struct KeptPlan: Sendable, Equatable {
    /// What the plan is valid for: any difference means a full build.
    struct Key: Sendable, Equatable {
        /// The archive's `site_change_counter` when the archive was read.
        var counter: SiteChangeCounter
        /// Templates, options and this format (`SitePlanner.configHash`).
        var config: UInt64
        /// When the full build ran, and the first later moment at which something shown depends on
        /// time (a postmortem turning overdue, a status-page banner appearing); nil: none pending.
        var builtAt: Date
        var validUntil: Date?
    }

    /// One incident, in listing order (newest first).
    struct Incident: Sendable, Equatable {
        var id: String
        /// The incident page's inputs from the archive (row, alerts, timeline, evidence, related, changes, banner).
        var page: UInt64
        /// Its search-index inputs from the archive.
        var search: UInt64
        /// Its listing row (title, status and postmortem state included).
        var row: UInt64
        var updatedAt: Date
        /// The postmortem file it shows, and the hash of that file's stored digest (`digestHash`).
        var postmortem: String?
        var digest: UInt64
    }

    var key: Key
    var incidents: [Incident]
    /// Per search shard, the hash of its ad-hoc evidence.
    var adHoc: [UInt64]
    /// Incident ids in the feed, newest first.
    var feed: [String]
    /// The build's warnings about postmortem files (repeated by rebuilds that use the plan).
    var warnings: [String]

    /// What a "seen before" quote and the insights figures read from a digest (the file stamps aside).
    static func digestHash(_ digest: PostmortemDigestRecord?) -> UInt64 {
        guard let digest else { return 0 }
        var h = ContentHasher()
        h.combine(digest.file)
        h.combine(digest.incidentID)
        h.combine(digest.status)
        h.combine(digest.summary)
        h.combine(Int64(digest.actionsOpen))
        h.combine(Int64(digest.actionsDone))
        for action in digest.openActions { h.combine(action) }
        return h.value
    }

    static let header = "aftermath-site-plan\t1"

    /// The plan at `path`; nil when absent or unreadable (a full build follows).
    static func load(path: String) -> KeptPlan? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let bytes = [UInt8](data)
        var key: Key?
        var plan = KeptPlan(key: Key(counter: .init(version: 0, token: 0), config: 0, builtAt: .distantPast), incidents: [], adHoc: [], feed: [], warnings: [])
        var lineStart = 0
        var first = true
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            defer { lineStart = lineEnd + 1 }
            let line = bytes[lineStart..<lineEnd]
            if first {
                guard String(decoding: line, as: UTF8.self) == header else { return nil }
                first = false
                continue
            }
            let fields = line.split(separator: 0x09, omittingEmptySubsequences: false)
            guard let kind = fields.first, kind.count == 1 else { return nil }
            let text = { (i: Int) in SiteManifest.Field.decode(fields[i]) }
            let hex = { (i: Int) in SiteManifest.Field.hex(fields[i]) }
            switch (kind.first, fields.count) {
            case (UInt8(ascii: "K"), 7):
                guard let version = text(1).flatMap({ Int64($0) }), let token = text(2).flatMap({ Int64($0) }), let config = hex(3),
                      let built = text(4).flatMap({ Double($0) }) else { return nil }
                key = Key(counter: SiteChangeCounter(version: version, token: token), config: config,
                          builtAt: Date(timeIntervalSince1970: built), validUntil: text(5).flatMap { Double($0) }.map(Date.init(timeIntervalSince1970:)))
                guard text(6) == "end" else { return nil }
            case (UInt8(ascii: "I"), 8):
                guard let id = text(1), let page = hex(2), let search = hex(3), let row = hex(4),
                      let updated = text(5).flatMap({ Double($0) }), let digest = hex(7) else { return nil }
                plan.incidents.append(Incident(id: id, page: page, search: search, row: row, updatedAt: Date(timeIntervalSince1970: updated),
                                               postmortem: text(6), digest: digest))
            case (UInt8(ascii: "S"), 2):
                guard let hash = hex(1) else { return nil }
                plan.adHoc.append(hash)
            case (UInt8(ascii: "F"), 2):
                guard let id = text(1) else { return nil }
                plan.feed.append(id)
            case (UInt8(ascii: "W"), 2):
                guard let warning = text(1) else { return nil }
                plan.warnings.append(warning)
            case (UInt8(ascii: "E"), 1):
                // The end marker: a file cut short is not a plan.
                guard let key else { return nil }
                plan.key = key
                return plan
            default:
                return nil
            }
        }
        return nil
    }

    /// The plan as text (times as seconds since 1970, written exactly).
    func encoded() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(incidents.count * 100)
        func line(_ kind: String, _ fields: [String?]) {
            out += kind.utf8
            for field in fields {
                out.append(0x09)
                SiteManifest.Field.encode(field, into: &out)
            }
            out.append(0x0A)
        }
        func hex(_ value: UInt64) -> String { ContentHasher.hex(value) }
        func time(_ date: Date) -> String { "\(date.timeIntervalSince1970)" }
        out += Self.header.utf8
        out.append(0x0A)
        line("K", [String(key.counter.version), String(key.counter.token), hex(key.config), time(key.builtAt), key.validUntil.map(time), "end"])
        for i in incidents {
            line("I", [i.id, hex(i.page), hex(i.search), hex(i.row), time(i.updatedAt), i.postmortem, hex(i.digest)])
        }
        for hash in adHoc { line("S", [hex(hash)]) }
        for id in feed { line("F", [id]) }
        for warning in warnings { line("W", [warning]) }
        line("E", [])
        return String(decoding: out, as: UTF8.self)
    }
}
