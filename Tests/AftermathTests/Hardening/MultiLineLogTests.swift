import AftermathCore
import Archive
import Foundation
import Logging
import Redaction
import Settings
import Testing

@testable import Capture
@testable import Site

extension EndToEnd {
    /// A multi-line journald message (a stack trace) read by the real journalctl: the stored lines,
    /// `search`'s line numbers, the site's log viewer and its `#L` anchors all agree.
    @Suite("Multi-line log messages")
    struct MultiLineLogTests {
        static let trace = "request failed: NullPointerException\n\tat Handler.serve(Handler.java:42)\n\tat Loop.run(Loop.java:7)\r\n"

        @Test("journald: one stored line per text line; search numbers match the viewer's #L anchors and times")
        func journaldStackTrace() async throws {
            let fixture = try await JournalFixture(entries: [
                .init(micros: JournalFixture.micros("2026-11-27T11:40:00Z"), fields: [
                    ("MESSAGE", "starting"), ("_SYSTEMD_UNIT", "api.service"), ("_HOSTNAME", "web-1"), ("_PID", "42")]),
                .init(micros: JournalFixture.micros("2026-11-27T11:41:00Z"), fields: [
                    ("MESSAGE", .bytes(Array(Self.trace.utf8))), ("_SYSTEMD_UNIT", "api.service"), ("_HOSTNAME", "web-1"), ("_PID", "42")]),
                .init(micros: JournalFixture.micros("2026-11-27T11:42:00Z"), fields: [
                    ("MESSAGE", "recovered"), ("_SYSTEMD_UNIT", "api.service"), ("_HOSTNAME", "web-1"), ("_PID", "42")]),
            ])
            let collector = JournaldCollector(runner: LocalProcessRunner(), source: .directory(fixture.journalDirectory))
            var journald = CollectorConfig(name: "journal", kind: .journald)
            journald.unit = "api.service"
            let collected = await collector.collect(HostKindFixtures.context(journald, host: HostConfig(name: "local")))
            #expect(collected.first?.status == .ok, "\(collected.first?.error ?? "")")

            let dir = try TemporaryDirectory("multiline")
            let database = try AppDatabase(directory: dir.path)
            var config = AftermathConfig()
            config.collectors = [journald]
            let runner = CaptureRunner(
                database: database, config: config, collectors: CollectorSet([:]), redactor: try Redactor(), clock: SystemClock(),
                logger: Logger(label: "multiline"))
            let item = runner.prepare(try #require(collected.first))
            #expect(item.lines.map(\.text) == [
                "2026-11-27T11:40:00.000Z web-1 api.service[42]: starting",
                "2026-11-27T11:41:00.000Z web-1 api.service[42]: request failed: NullPointerException",
                "\tat Handler.serve(Handler.java:42)",
                "\tat Loop.run(Loop.java:7)",
                "2026-11-27T11:42:00.000Z web-1 api.service[42]: recovered",
            ])
            #expect(item.lines.map { $0.timestamp != nil } == [true, true, false, false, true])
            #expect(EvidenceText.lines(String(decoding: item.content, as: UTF8.self)).map(String.init) == item.lines.map(\.text))

            _ = try await database.createCapture(PlannedCapture(
                incidentID: nil, kind: .manual, window: HostKindFixtures.window, labels: [:], alertsJSON: "[]", requestedBy: "test",
                requestedAt: Date(), runAfter: Date(), maxAttempts: 1, jobs: [.init(collector: "journal", host: "local")]))
            let job = try #require(try await database.claimJobs(now: Date(), limit: 1, lease: 60).claimed.first)
            guard case .stored(let ids) = try await database.storeEvidence(
                jobID: job.job.id, leaseToken: try #require(job.job.leaseToken), items: [item], now: Date()) else {
                Issue.record("not stored")
                return
            }
            let hits = try await database.search("Handler")
            #expect(hits.map(\.lineNo) == [3])
            #expect(try await database.search("recovered").map(\.lineNo) == [5])

            let (content, lines) = try await database.evidenceContentAndLines(id: try #require(ids.first))
            let html = LogViewer.log(content: String(decoding: content, as: UTF8.self), lines: lines)
            let rows = html.components(separatedBy: "<tr id=\"L").dropFirst()
            #expect(rows.count == 5)
            let third = try #require(rows.first { $0.hasPrefix("3\"") })
            #expect(third.contains("at Handler.serve(Handler.java:42)"))
            #expect(!third.contains("<time"), "a continuation line has no time of its own")
            let second = try #require(rows.first { $0.hasPrefix("2\"") })
            #expect(second.contains("<time datetime=\"2026-11-27T11:41:00Z\""))
            #expect(second.contains("NullPointerException"))
            let fifth = try #require(rows.first { $0.hasPrefix("5\"") })
            #expect(fifth.contains("<time datetime=\"2026-11-27T11:42:00Z\""), "times stay on their own lines after the trace")
        }

        @Test("Command output keeps its blank lines in the numbering; a CR LF ending is the line break")
        func commandOutputNumbering() throws {
            let dir = try TemporaryDirectory("multiline-cmd")
            let runner = CaptureRunner(
                database: try AppDatabase(directory: dir.path), config: AftermathConfig(), collectors: CollectorSet([:]),
                redactor: try Redactor(), clock: SystemClock(), logger: Logger(label: "multiline"))
            let item = runner.prepare(CollectedItem(
                header: EvidenceHeader(kind: .command, name: "df", host: "local", request: [:], status: .ok), text: "Filesystem\r\n\n/dev/sda1 90%\n",
                startedAt: Date(), finishedAt: Date()))
            #expect(item.lines.map(\.text) == ["Filesystem", "", "/dev/sda1 90%"])
            #expect(LogViewer.split(String(decoding: item.content, as: UTF8.self)).map(String.init) == item.lines.map(\.text))
        }
    }
}
