import Capture
import Foundation
import Settings
import Testing

extension EndToEnd {
    @Suite("Journald collector against a real journal file and the real journalctl")
    struct JournaldCollectorTests {
        static let entries: [JournalFixture.Entry] = [
            .init(micros: JournalFixture.micros("2026-11-27T11:20:00Z"), fields: [
                ("MESSAGE", "before the window"), ("_SYSTEMD_UNIT", "api.service"), ("_HOSTNAME", "web-1"), ("_PID", "42"), ("PRIORITY", "6")]),
            .init(micros: JournalFixture.micros("2026-11-27T11:42:14.123Z"), fields: [
                ("MESSAGE", "upstream timed out"), ("_SYSTEMD_UNIT", "api.service"), ("_HOSTNAME", "web-1"), ("_PID", "42"), ("PRIORITY", "3")]),
            .init(micros: JournalFixture.micros("2026-11-27T11:43:00Z"), fields: [
                ("MESSAGE", .bytes([0x62, 0x69, 0x6E, 0x01, 0x0A, 0x61, 0x72, 0x79])), ("_SYSTEMD_UNIT", "api.service"), ("_HOSTNAME", "web-1"), ("PRIORITY", "3")]),
            .init(micros: JournalFixture.micros("2026-11-27T11:44:00Z"), fields: [
                ("MESSAGE", "other unit"), ("_SYSTEMD_UNIT", "db.service"), ("_HOSTNAME", "web-1"), ("_PID", "7"), ("PRIORITY", "4")]),
            .init(micros: JournalFixture.micros("2026-11-27T11:55:00Z"), fields: [
                ("MESSAGE", "after the window"), ("_SYSTEMD_UNIT", "api.service"), ("_HOSTNAME", "web-1"), ("PRIORITY", "6")]),
        ]

        func journald(unit: String? = nil) -> CollectorConfig {
            var config = CollectorConfig(name: "journal", kind: .journald)
            config.unit = unit
            return config
        }

        @Test("entries inside the window, filtered by unit, as timestamped lines (byte-array messages decoded)")
        func realJournal() async throws {
            let fixture = try await JournalFixture(entries: Self.entries)
            let collector = JournaldCollector(runner: LocalProcessRunner(), source: .directory(fixture.journalDirectory))
            let items = await collector.collect(HostKindFixtures.context(journald(unit: "api.service"), host: HostConfig(name: "local")))
            let item = try #require(items.first)
            #expect(item.status == .ok, "\(item.error ?? "")")
            #expect(item.name == "journal:api.service")
            #expect(item.lines.map(\.text) == [
                "2026-11-27T11:42:14.123Z web-1 api.service[42]: upstream timed out",
                "2026-11-27T11:43:00.000Z web-1 api.service: bin\u{01}\nary",
            ])
            #expect(item.lines.first?.timestamp == HostKindFixtures.date("2026-11-27T11:42:14.123Z"))
            #expect(item.request["argv"]?.contains("--since '2026-11-27 11:30:00 UTC' --until '2026-11-27 11:50:01 UTC'") == true)

            let all = await collector.collect(HostKindFixtures.context(journald(), host: HostConfig(name: "local")))
            #expect(all.first?.lines.count == 3)
            #expect(all.first?.name == "journal")
        }

        @Test("max_lines keeps the newest entries of the window and says so")
        func maxLines() async throws {
            let fixture = try await JournalFixture(entries: Self.entries)
            let collector = JournaldCollector(runner: LocalProcessRunner(), source: .directory(fixture.journalDirectory))
            let items = await collector.collect(HostKindFixtures.context(journald(), host: HostConfig(name: "local"), maxLines: 2))
            let item = try #require(items.first)
            #expect(item.status == .truncated)
            #expect(item.error == "max_lines reached: the window holds more than 2 entries; kept the last 2")
            #expect(item.lines.count == 2)
            #expect(item.lines.last?.text.hasSuffix("other unit") == true)
        }

        @Test("no journal at all is a failed item with journalctl's words")
        func noJournal() async throws {
            let empty = try TemporaryDirectory()
            let collector = JournaldCollector(runner: LocalProcessRunner(), source: .directory(empty.path))
            let items = await collector.collect(HostKindFixtures.context(journald(), host: HostConfig(name: "local")))
            #expect(items.first?.status == .failed)
            #expect(items.first?.error == "journalctl: No journal files were found.")
        }
    }
}
