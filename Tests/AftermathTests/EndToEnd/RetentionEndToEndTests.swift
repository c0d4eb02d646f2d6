import AftermathCore
@testable import Archive
import Foundation
import GRDB
import Testing

extension EndToEnd {
    /// Retention applied by `aftermath serve` itself (`retention.interval`), seen as a user sees it.
    @Suite("Retention while serving")
    struct RetentionEndToEndTests {
        @Test("Expired content is gone, the chain still verifies (also by the independent checker), the file shrank, and the site says what was removed when")
        func retentionWhileServing() async throws {
            let world = try LongevityWorld("retention", logLines: 20_000, retention: """
                retention:
                  evidence_content: 5s
                  raw_deliveries: 5s
                  interval: 1s
                """)
            let server = try await AftermathProcess(archive: world.archive, config: world.config, logPath: world.dir.file("serve.log"))
            let incident = try await LongevityWorld.openIncident(server, key: "orders-retention", title: "Orders retention")
            let database = try AppDatabase(directory: world.archive)
            let evidence = try await Wait.until("the capture to store its evidence", timeout: 90) {
                let items = try await database.evidence(incidentID: incident)
                return items.count >= 3 ? items : nil
            }
            let log = try #require(evidence.first { $0.kind == .log })
            #expect(log.size > 2_000_000, "the log item is large enough to show the file shrinking (\(log.size) bytes)")
            let timelineBefore = try #require(try await database.incident(id: incident)).timeline.count
            let generate = try await world.cli(["postmortem", "generate", incident])
            #expect(generate.status == 0, "\(generate.stderr)")

            // serve removes the content once it is 5 s old (it checks every second).
            let removed = try await Wait.until("serve's retention to remove the content", timeout: 90) {
                let items = try await database.evidence(incidentID: incident)
                return items.allSatisfy { $0.contentRemovedAt != nil } ? items : nil
            }
            // The run that removed the log item (its removal time is the run's start) has finished its lines and vacuum.
            let removedAt = try #require(removed.first { $0.id == log.id }?.contentRemovedAt)
            _ = try await Wait.until("the retention run to finish its line batches and the incremental vacuum", timeout: 60) {
                let runs = try await database.retentionRuns()
                return runs.contains { $0.startedAt == removedAt && $0.finishedAt != nil } ? true : nil
            }
            server.process.stop()

            // What stays: ids, hashes, sizes, the timeline, the postmortem; what goes: content, lines, raw bodies.
            #expect(removed.map(\.sha256) == evidence.map(\.sha256))
            #expect(removed.map(\.size) == evidence.map(\.size))
            #expect(removed.allSatisfy { $0.contentRemovedBy == "retention.evidence_content 5s" })
            let content = try #require(try await database.evidenceItem(id: log.id)).content
            #expect(content.isEmpty)
            #expect(try await database.evidenceLines(id: log.id).isEmpty)
            #expect(try await database.incident(id: incident)?.timeline.count ?? 0 >= timelineBefore)
            let (bodies, hashes) = try await database.writer.read { db in
                (try Int.fetchOne(db, sql: "SELECT coalesce(sum(length(body)), 0) FROM delivery") ?? -1,
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM delivery WHERE length(body_sha256) = 64 AND body_removed_at IS NOT NULL") ?? -1)
            }
            #expect(bodies == 0)
            #expect(hashes >= 1)
            let logicalSize = try await database.writer.read { db in
                (try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0) * (try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
            }
            #expect(logicalSize < log.size / 2, "the database gave the freed pages back (\(logicalSize) bytes for \(log.size) bytes removed)")
            try database.close()
            let fileSize = try FileManager.default.attributesOfItem(atPath: world.archive + "/aftermath.sqlite")[.size] as? Int ?? 0
            #expect(fileSize < log.size / 2, "aftermath.sqlite is \(fileSize) bytes after retention")

            let show = try await world.cli(["evidence", "show", log.id])
            #expect(show.stdout.contains("content    removed by retention on"), "\(show.stdout)")
            let search = try await world.cli(["search", "deadlock"])
            #expect(!search.stdout.contains("deadlock detected"), "search still finds removed content: \(search.stdout)")
            let files = try FileManager.default.contentsOfDirectory(atPath: world.archive + "/postmortems")
            #expect(files.count == 1, "the postmortem stays")

            // verify still passes, and the independent checker agrees with it.
            let verify = try await world.cli(["verify"])
            #expect(verify.status == 0, "verify after retention: \(verify.stderr)")
            #expect(verify.stdout.contains("\(evidence.count) item(s) had their content removed by retention"), "\(verify.stdout)")
            let checker = try await PythonChecker.run([world.archive, "--json"])
            #expect(checker.status == 0, "\(checker.stdout)")
            #expect(checker.json?["items"] as? Int == evidence.count)
            #expect(checker.json?["content_removed"] as? Int == evidence.count)
            #expect((checker.json?["problems"] as? [Any])?.isEmpty == true)

            // The site says what was removed, and when.
            let out = world.dir.file("site")
            let build = try await world.cli(["site", "build", "--out", out])
            #expect(build.status == 0, "\(build.stderr)")
            let chromium = try #require(Programs.find("chromium", "chromium-browser"), "chromium is not installed (Debian package chromium)")
            let browser = SiteChromiumTests.Browser(executable: chromium, profile: world.dir.file("chromium-profile"), log: world.dir.file("chromium.log"))
            let site = URL(fileURLWithPath: out).absoluteString
            let day = String(Timestamp.format(try #require(removed[0].contentRemovedAt)).prefix(10))
            let itemPage = try await browser.domOffThread(site + "evidence/\(log.id).html")
            #expect(itemPage.contains("Content removed by retention on \(day)"), "the evidence page says when")
            #expect(itemPage.contains("retention.evidence_content 5s"), "the evidence page says by which rule")
            #expect(itemPage.contains(log.sha256), "the hash is still shown")
            #expect(!itemPage.contains("deadlock detected"))
            let incidentPage = try await browser.domOffThread(site + "incident/\(incident).html")
            #expect(incidentPage.contains("Content of \(evidence.count) of \(evidence.count) evidence item(s) was removed by retention"), "the incident page says what")
            #expect(incidentPage.contains("content removed by retention on \(day)"))
            let shots = (SiteFixture.repositoryRoot as NSString).appendingPathComponent("test-output/retention")
            try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
            try await browser.screenshotOffThread(site + "evidence/\(log.id).html", to: shots + "/evidence-removed.png", height: 1000)
            try await browser.screenshotOffThread(site + "incident/\(incident).html", to: shots + "/incident-removed.png", height: 2400)
        }
    }
}
