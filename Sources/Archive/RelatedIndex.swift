import Foundation

/// What ties incidents together for "seen before": the alerts they fired, their services and the
/// alert groups (sender keys such as Alertmanager's receiver + groupKey) that opened them.
public struct IncidentRelationKeys: Sendable, Equatable {
    public var incidentID: String
    public var startedAt: Date
    public var alertNames: [String]
    public var services: [String]
    public var groupKeys: [String]
}

/// Why an earlier incident is listed: the keys it shares with the one being looked at.
public struct RelatedMatch: Sendable, Equatable {
    /// The earlier incident.
    public var incidentID: String
    /// Opened by the same alert group.
    public var sameGroup: Bool
    /// Alert names both fired.
    public var alertNames: [String]
    /// Services both affected.
    public var services: [String]

    /// Shares the alert group or an alert name (listed before incidents that share only a service).
    public var isStrong: Bool { sameGroup || !alertNames.isEmpty }

    /// `same alert group; same alertname and service (HighErrorRate, checkout)`.
    public var explanation: String {
        var parts: [String] = []
        if sameGroup { parts.append("same alert group") }
        switch (alertNames.isEmpty, services.isEmpty) {
        case (false, false):
            parts.append("same alertname and service (\((alertNames + services).joined(separator: ", ")))")
        case (false, true):
            parts.append("same alertname (\(alertNames.joined(separator: ", ")))")
        case (true, false):
            parts.append("same service (\(services.joined(separator: ", ")))")
        case (true, true):
            break
        }
        return parts.joined(separator: "; ")
    }
}

/// How many earlier incidents share one key (the list itself is capped).
public struct RelatedKeyCount: Sendable, Equatable {
    /// `group`, `alert` or `service`.
    public var kind: String
    /// The alert name, service or group key.
    public var value: String
    /// Earlier incidents sharing it.
    public var earlier: Int
}

/// The earlier incidents related to one incident, newest first.
public struct RelatedList: Sendable, Equatable {
    /// The incident looked at.
    public var incidentID: String
    /// At most the asked number, newest first: incidents sharing the alert group or an alert name
    /// come first in the selection, then those sharing only a service fill what is left.
    public var matches: [RelatedMatch]
    /// For each of the incident's keys, how many earlier incidents share it.
    public var counts: [RelatedKeyCount]
}

/// Finds earlier incidents that share an alert name, a service or an alert group. Pure: built from
/// every incident's keys (read by `AppDatabase.relationKeys()`), so the site, the postmortem and the
/// CLI list exactly the same incidents.
public struct RelatedIndex: Sendable {
    private struct Member: Sendable {
        var startedAt: Date
        var id: String
    }

    private let keys: [String: IncidentRelationKeys]
    /// Key → incidents holding it, oldest first (by start, then id).
    private let groups: [String: [Member]]
    private let alerts: [String: [Member]]
    private let services: [String: [Member]]

    /// An index over `keys`.
    public init(_ keys: [IncidentRelationKeys]) {
        var byID: [String: IncidentRelationKeys] = [:]
        var groups: [String: [Member]] = [:], alerts: [String: [Member]] = [:], services: [String: [Member]] = [:]
        for k in keys {
            byID[k.incidentID] = k
            let member = Member(startedAt: k.startedAt, id: k.incidentID)
            for g in Set(k.groupKeys) { groups[g, default: []].append(member) }
            for a in Set(k.alertNames) { alerts[a, default: []].append(member) }
            for s in Set(k.services) { services[s, default: []].append(member) }
        }
        func sort(_ map: inout [String: [Member]]) {
            for key in map.keys { map[key]?.sort(by: Self.before) }
        }
        sort(&groups)
        sort(&alerts)
        sort(&services)
        self.keys = byID
        self.groups = groups
        self.alerts = alerts
        self.services = services
    }

    private static func before(_ a: Member, _ b: Member) -> Bool {
        a.startedAt == b.startedAt ? a.id < b.id : a.startedAt < b.startedAt
    }

    /// The incidents in the index.
    public var incidentIDs: [String] { Array(keys.keys) }

    /// Up to `limit` earlier incidents related to `id`, newest first (nil when `id` is unknown).
    public func related(to id: String, limit: Int) -> RelatedList? {
        guard let me = keys[id] else { return nil }
        let me_ = Member(startedAt: me.startedAt, id: me.incidentID)
        let myGroups = Array(Set(me.groupKeys)).sorted(), myAlerts = Array(Set(me.alertNames)).sorted()
        let myServices = Array(Set(me.services)).sorted()
        var counts: [RelatedKeyCount] = []

        /// The members of `list` before this incident (the index of the first one that is not).
        func earlierEnd(_ list: [Member]) -> Int {
            var low = 0, high = list.count
            while low < high {
                let mid = (low + high) / 2
                if Self.before(list[mid], me_) { low = mid + 1 } else { high = mid }
            }
            return low
        }
        /// The newest `take` members before this incident in each list.
        func newest(_ lists: [(kind: String, value: String, members: [Member])], take: Int) -> [Member] {
            var out: [Member] = []
            for (kind, value, members) in lists {
                let end = earlierEnd(members)
                counts.append(RelatedKeyCount(kind: kind, value: value, earlier: end))
                out += members[max(0, end - take)..<end]
            }
            return out
        }

        let cap = max(0, limit)
        let strongLists = myGroups.map { ("group", $0, groups[$0] ?? []) } + myAlerts.map { ("alert", $0, alerts[$0] ?? []) }
        var chosen: [String: Member] = [:]
        for m in newest(strongLists, take: cap).sorted(by: { Self.before($1, $0) }) where chosen.count < cap {
            chosen[m.id] = m
        }
        let serviceLists = myServices.map { ("service", $0, services[$0] ?? []) }
        let fill = newest(serviceLists, take: cap + chosen.count)
        for m in fill.sorted(by: { Self.before($1, $0) }) where chosen.count < cap && chosen[m.id] == nil {
            chosen[m.id] = m
        }

        // An incident holds a handful of keys: scanning its arrays is cheaper than building sets, and
        // the site asks this for every incident on every build.
        let matches = chosen.values.sorted { Self.before($1, $0) }.map { m -> RelatedMatch in
            let other = keys[m.id]
            let otherGroups = other?.groupKeys ?? [], otherAlerts = other?.alertNames ?? [], otherServices = other?.services ?? []
            return RelatedMatch(
                incidentID: m.id, sameGroup: myGroups.contains(where: otherGroups.contains),
                alertNames: myAlerts.filter(otherAlerts.contains), services: myServices.filter(otherServices.contains))
        }
        return RelatedList(incidentID: id, matches: matches, counts: counts)
    }
}
