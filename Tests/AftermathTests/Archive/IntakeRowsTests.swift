import AftermathCore
@testable import Archive
import Foundation
import GRDB
import Testing

/// The intake transaction writes its rows through cached statements and formats times itself;
/// what it stores must be exactly what GRDB's Codable records and date formatting store.
@Suite("Intake rows")
struct IntakeRowsTests {
    @Test("Stored times are GRDB's own text, for random and boundary times")
    func storedTimeText() {
        var generator = SystemRandomNumberGenerator()
        var times: [TimeInterval] = [
            0, 0.0005, 0.001, 0.0009999, 0.9995, 59.999, 86_399.999, 951_782_400, 1_764_243_734.186,
            1_764_243_734.1869999, 1_764_243_734.123, 4_102_444_800, 253_402_300_799.999, 253_402_300_800,
            0.0625, 0.1875, 1.0625, 2.5625, 1_764_243_734.0625, 1_764_243_734.4375, 86_399.9995, 253_402_300_799.9995,
            -0.001, -86_400, -62_135_596_800, SenderTimes.latestStorable, SenderTimes.earliestStorable,
        ]
        for _ in 0..<50_000 { times.append(Double.random(in: 0..<253_402_300_800, using: &generator)) }
        for _ in 0..<50_000 {
            // Near half a millisecond, where rounding up or down shows.
            let milliseconds = Double(Int64.random(in: 0..<4_102_444_800_000, using: &generator))
            times.append((milliseconds + 0.5) / 1000 + Double.random(in: -0.000_001...0.000_001, using: &generator))
        }
        var mismatches: [String] = []
        for time in times {
            let date = Date(timeIntervalSince1970: time)
            if StoredTime.value(date) != date.databaseValue { mismatches.append("\(time)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) mismatches: \(mismatches.prefix(5))")
    }

    @Test("An incident, an alert and a timeline event are stored as their Codable inserts store them")
    func rowsAsCodable() throws {
        let dir = try TemporaryDirectory()
        let direct = try AppDatabase(directory: dir.file("direct"))
        let codable = try AppDatabase(directory: dir.file("codable"))
        let at = Date(timeIntervalSince1970: 1_764_243_734.1869)
        let incident = IncidentRecord(
            id: "INC-1", title: "Disk \"full\" / é", source: .alertmanager, status: .acknowledged, severity: .critical,
            services: ["web", "api/v2", "ü"], labels: ["b": "2", "a": "x/y\"z", "ключ": "значение"], link: nil,
            startedAt: at, acknowledgedAt: at + 0.0004, resolvedAt: nil, createdAt: at + 1, updatedAt: at + 2.5)
        let alert = AlertRecord(
            id: nil, incidentID: "INC-1", correlationKey: "alertmanager:r:{}", fingerprint: "abc", startsAt: at, endsAt: nil,
            status: .firing, name: "HighLatency", labels: [:], annotations: ["summary": "p99 > 1s\n"], generatorURL: "http://x/?a=1&b=2")
        let event = TimelineEventRecord(
            id: nil, incidentID: "INC-1", at: at, kind: .alertFiring, source: "alertmanager", actor: nil, text: "Alert firing: x",
            deliveryID: nil, createdAt: at + 3)
        var directIDs: [Int64?] = []
        try direct.writer.write { db in
            try incident.insertRow(db)
            var a = alert, e = event
            try a.insertRow(db)
            try e.insertRow(db)
            directIDs = [a.id, e.id]
        }
        var codableIDs: [Int64?] = []
        try codable.writer.write { db in
            try incident.insert(db)
            var a = alert, e = event
            try a.insert(db)
            try e.insert(db)
            codableIDs = [a.id, e.id]
        }
        #expect(directIDs == codableIDs)
        #expect(directIDs.allSatisfy { $0 != nil })
        for table in ["incident", "alert", "timeline_event"] {
            let sql = "SELECT * FROM \(table)"
            let stored = try direct.writer.read { db in try Row.fetchAll(db, sql: sql) }
            let expected = try codable.writer.read { db in try Row.fetchAll(db, sql: sql) }
            #expect(stored == expected, "\(table)")
            #expect(stored.count == 1)
        }
    }
}
