@testable import Archive
import Foundation
import Testing

/// "Seen before" matching: which earlier incidents are listed, in what order, and why.
@Suite("Related incidents index")
struct RelatedIndexTests {
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    func keys(_ id: String, _ hours: Double, alerts: [String] = [], services: [String] = [], groups: [String] = []) -> IncidentRelationKeys {
        IncidentRelationKeys(incidentID: id, startedAt: t0 + hours * 3600, alertNames: alerts, services: services, groupKeys: groups)
    }

    @Test("Only earlier incidents sharing the group, an alert name or a service, newest first, each explained")
    func matchesAndExplains() throws {
        let index = RelatedIndex([
            keys("a", 1, alerts: ["HighErrorRate"], services: ["checkout"], groups: ["am:r:{}/{alertname=HighErrorRate}"]),
            keys("b", 2, alerts: ["HighErrorRate"], services: ["payments"]),
            keys("c", 3, alerts: ["DiskFull"], services: ["checkout"]),
            keys("d", 4, alerts: ["DiskFull"], services: ["search"]),
            keys("x", 5, alerts: ["HighErrorRate"], services: ["checkout"], groups: ["am:r:{}/{alertname=HighErrorRate}"]),
            keys("later", 6, alerts: ["HighErrorRate"], services: ["checkout"]),
        ])
        let list = try #require(index.related(to: "x", limit: 10))
        #expect(list.matches.map(\.incidentID) == ["c", "b", "a"])
        #expect(list.matches.map(\.explanation) == [
            "same service (checkout)",
            "same alertname (HighErrorRate)",
            "same alert group; same alertname and service (HighErrorRate, checkout)",
        ])
        #expect(list.counts == [
            RelatedKeyCount(kind: "group", value: "am:r:{}/{alertname=HighErrorRate}", earlier: 1),
            RelatedKeyCount(kind: "alert", value: "HighErrorRate", earlier: 2),
            RelatedKeyCount(kind: "service", value: "checkout", earlier: 2),
        ])
        #expect(index.related(to: "a", limit: 10)?.matches.isEmpty == true, "nothing is earlier than the first")
        #expect(index.related(to: "nope", limit: 10) == nil)
    }

    @Test("Incidents sharing an alert or the group are never crowded out by ones sharing only a service")
    func strongMatchesFirst() throws {
        var all = [keys("old-alert", 0, alerts: ["HighErrorRate"], services: ["api"])]
        for n in 1...30 { all.append(keys("svc-\(n)", Double(n), alerts: ["Other\(n)"], services: ["api"])) }
        all.append(keys("me", 40, alerts: ["HighErrorRate"], services: ["api"]))
        let list = try #require(RelatedIndex(all).related(to: "me", limit: 5))
        #expect(list.matches.count == 5)
        #expect(list.matches.map(\.incidentID) == ["svc-30", "svc-29", "svc-28", "svc-27", "old-alert"], "newest first, the alert match kept")
        #expect(list.counts.first { $0.kind == "service" }?.earlier == 31)
    }

    @Test("Ties in start time are ordered by id, and an incident started at the same moment but later in order is not 'earlier'")
    func ties() throws {
        let index = RelatedIndex([
            keys("b", 1, alerts: ["A"]), keys("a", 1, alerts: ["A"]), keys("c", 1, alerts: ["A"]),
        ])
        #expect(index.related(to: "b", limit: 10)?.matches.map(\.incidentID) == ["a"])
        #expect(index.related(to: "c", limit: 10)?.matches.map(\.incidentID) == ["b", "a"])
    }
}

/// Percentiles as the insights show them.
@Suite("Duration statistics")
struct DurationStatsTests {
    @Test("Median and p90 interpolate between the nearest ranks, like a spreadsheet")
    func percentiles() {
        let four = DurationStats([4, 1, 3, 2])
        #expect(four.count == 4)
        #expect(four.median == 2.5)
        #expect(four.p90 == 3.7)
        let ten = DurationStats((1...10).map(Double.init))
        #expect(ten.median == 5.5)
        #expect(ten.p90 == 9.1)
        #expect(DurationStats([42]).median == 42)
        #expect(DurationStats([42]).p90 == 42)
        #expect(DurationStats([]).median == nil)
        #expect(DurationStats([.nan, 5]).count == 1)
        #expect(DurationStats([0.1, 0.2]).median == 0.15, "rounded to milliseconds, not 0.15000000000000002")
    }
}
