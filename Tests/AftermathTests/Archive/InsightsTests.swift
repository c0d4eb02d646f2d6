import AftermathCore
@testable import Archive
import Foundation
import GRDB
import Testing

/// The insights queries over a small archive whose every figure is known.
@Suite("Insights in SQL")
struct InsightsTests {
    struct Row {
        var id: String
        var title: String
        var services: [String]
        var start: String
        var ack: TimeInterval?
        var resolved: TimeInterval?
        var alert: String?
        var reopens = 0
    }

    static let rows = [
        Row(id: "i1", title: "HighErrorRate on checkout", services: ["checkout"], start: "2026-10-07T03:10:00Z", ack: 60, resolved: 600, alert: "HighErrorRate"),
        Row(id: "i2", title: "HighErrorRate on checkout", services: ["checkout"], start: "2026-11-04T03:20:00.250Z", ack: 180, resolved: 1800, alert: "HighErrorRate"),
        Row(id: "i3", title: "HighErrorRate on payments", services: ["payments", "checkout"], start: "2026-11-18T11:06:40Z", ack: 120, resolved: 3600, alert: "HighErrorRate"),
        Row(id: "i4", title: "Blip", services: ["api"], start: "2026-11-10T14:00:00Z", ack: nil, resolved: 90, alert: nil),
        Row(id: "i5", title: "Flapping disk", services: ["api"], start: "2026-11-11T14:30:00Z", ack: nil, resolved: 4000, alert: "Flappy", reopens: 3),
        Row(id: "i6", title: "Lonely", services: [], start: "2026-11-12T09:00:00Z", ack: nil, resolved: nil, alert: nil),
    ]

    static func archive() async throws -> (TemporaryDirectory, AppDatabase) {
        let dir = try TemporaryDirectory("insights")
        let database = try AppDatabase(directory: dir.file("archive"))
        try await database.writer.write { db in
            for r in rows {
                let start = try #require(try Timestamp.parse(r.start))
                let resolved = r.resolved.map { start + $0 }
                try db.execute(sql: """
                    INSERT INTO incident (id, title, source, status, severity, services, labels, started_at, acknowledged_at, resolved_at, created_at, updated_at)
                    VALUES (?, ?, 'generic', ?, 'high', ?, '{}', ?, ?, ?, ?, ?)
                    """, arguments: [r.id, r.title, resolved == nil ? "triggered" : "resolved",
                                     String(decoding: try JSONEncoder().encode(r.services), as: UTF8.self), start,
                                     r.ack.map { start + $0 }, resolved, start, start])
                if let alert = r.alert {
                    try db.execute(sql: """
                        INSERT INTO alert (incident_id, correlation_key, fingerprint, starts_at, status, name, labels, annotations)
                        VALUES (?, ?, 'fp', ?, 'resolved', ?, '{}', '{}')
                        """, arguments: [r.id, "k-\(r.id)", start, alert])
                }
                for n in 0..<r.reopens {
                    try db.execute(sql: """
                        INSERT INTO timeline_event (incident_id, at, kind, source, text, created_at) VALUES (?, ?, 'reopened', 'generic', 'Reopened', ?)
                        """, arguments: [r.id, start + Double(n + 1) * 100, start])
                }
            }
            try db.execute(sql: """
                INSERT INTO postmortem (incident_id, due_at, attempts, created_at, updated_at) VALUES ('i3', ?, 0, ?, ?)
                """, arguments: [try Timestamp.parse("2026-11-19T11:00:00Z"), Date(), Date()])
        }
        try await database.recordPostmortemDigests([
            PostmortemDigestRecord(file: "a-i1.md", incidentID: "i1", modified: 1, size: 1, status: "final", summary: "Pool ran dry.",
                                   actionsOpen: 1, actionsDone: 2, openActions: ["Size the pool"], readAt: Date()),
            PostmortemDigestRecord(file: "b-i2.md", incidentID: "i2", modified: 1, size: 1, status: "draft", summary: nil,
                                   actionsOpen: 0, actionsDone: 0, openActions: [], readAt: Date()),
            // A second file naming i1 does not count twice (the first by name does).
            PostmortemDigestRecord(file: "z-i1-copy.md", incidentID: "i1", modified: 1, size: 1, status: "draft", summary: nil,
                                   actionsOpen: 5, actionsDone: 5, openActions: [], readAt: Date()),
        ], removing: [])
        try await database.recordDetection(IncidentDetectionRecord(
            incidentID: "i3", alertName: "HighErrorRate", alertFiredAt: Date(), signalAt: Date(), leadSeconds: 432, signalKind: "first_error",
            signalSource: "/var/log/api.log", evidenceID: "ev-3", computedAt: Date()))
        return (dir, database)
    }

    static let now = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-29

    @Test("Counts, median and p90 of time to acknowledge and resolve, per month and per service, from the stored times")
    func figures() async throws {
        let (dir, database) = try await Self.archive()
        defer { withExtendedLifetime(dir) {} }
        let report = try await database.insights(InsightsQuery(now: Self.now))
        #expect(report.overall.incidents == 6)
        #expect(report.overall.timeToAcknowledge == DurationStats([60, 180, 120]))
        #expect(report.overall.timeToAcknowledge.median == 120)
        #expect(report.overall.timeToAcknowledge.p90 == 168)
        #expect(report.overall.timeToResolve.median == 1800)
        #expect(report.overall.timeToResolve.p90 == 3840)
        #expect(report.overall.detectionLead.median == 432)
        #expect(report.months.map(\.month) == ["2026-10", "2026-11"])
        #expect(report.months.map(\.figures.incidents) == [1, 5])
        #expect(report.serviceMonths.map { "\($0.service ?? "-") \($0.month) \($0.figures.incidents)" } == [
            "- 2026-11 1", "api 2026-11 2", "checkout 2026-10 1", "checkout 2026-11 2", "payments 2026-11 1",
        ])
        let checkoutNovember = try #require(report.serviceMonths.first { $0.service == "checkout" && $0.month == "2026-11" })
        #expect(checkoutNovember.figures.timeToResolve.median == 2700)
        #expect(checkoutNovember.figures.detectionLead.count == 1)
    }

    @Test("Recurring and noisy alerts; an incident without alerts is named by its title")
    func alerts() async throws {
        let (dir, database) = try await Self.archive()
        defer { withExtendedLifetime(dir) {} }
        let report = try await database.insights(InsightsQuery(now: Self.now))
        #expect(report.recurringAlerts.map(\.name) == ["HighErrorRate"])
        #expect(report.recurringAlerts.first?.incidents == 3)
        #expect(report.recurringAlerts.first?.services == ["checkout", "payments"])
        #expect(report.noisyAlerts.map(\.name) == ["Blip", "Flappy"])
        #expect(report.noisyAlerts.map(\.quickUnacknowledged) == [1, 0])
        #expect(report.noisyAlerts.map(\.reopenedOften) == [0, 1])
        #expect(report.noisyAlerts.last?.mostReopens == 3)
        #expect(report.noisyIncidents == 2)
    }

    @Test("Heatmap by UTC weekday and hour; postmortem completion and action items from the digests")
    func heatmapAndPostmortems() async throws {
        let (dir, database) = try await Self.archive()
        defer { withExtendedLifetime(dir) {} }
        let report = try await database.insights(InsightsQuery(now: Self.now))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var expected = Array(repeating: Array(repeating: 0, count: 24), count: 7)
        for r in Self.rows {
            let start = try #require(try Timestamp.parse(r.start))
            let weekday = (calendar.component(.weekday, from: start) + 5) % 7  // Sunday = 1 → Monday = 0
            expected[weekday][calendar.component(.hour, from: start)] += 1
        }
        #expect(report.heatmap == expected)
        #expect(report.heatmap[2][3] == 2, "two Wednesday 03:xx starts")
        #expect(report.postmortems == InsightsReport.PostmortemCompletion(none: 3, draft: 1, inReview: 0, final: 1, overdue: 1))
        #expect(report.actionItems == InsightsReport.ActionItems(open: 1, done: 2))
    }

    @Test("--since and --service narrow everything")
    func scope() async throws {
        let (dir, database) = try await Self.archive()
        defer { withExtendedLifetime(dir) {} }
        let since = try await database.insights(InsightsQuery(since: try Timestamp.parse("2026-11-01T00:00:00Z"), now: Self.now))
        #expect(since.overall.incidents == 5)
        #expect(since.recurringAlerts.first?.incidents == 2)
        let checkout = try await database.insights(InsightsQuery(service: "checkout", now: Self.now))
        #expect(checkout.overall.incidents == 3)
        #expect(Set(checkout.serviceMonths.map(\.service)) == ["checkout"])
        #expect(checkout.noisyAlerts.isEmpty)
        let json = String(decoding: try JSONEncoder().encode(checkout), as: UTF8.self)
        #expect(json.contains("\"median_seconds\":"))
        #expect(json.contains("\"service\":\"checkout\""))
    }
}
