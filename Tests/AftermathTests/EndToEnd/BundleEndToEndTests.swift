import AftermathCore
@testable import Archive
import Foundation
import GRDB
import Testing

extension EndToEnd {
    /// `aftermath export`, `verify --bundle` and `import` on an incident captured by the real server.
    @Suite("Incident bundles")
    struct BundleEndToEndTests {
        @Test("Export → verify anywhere → one changed byte is named → import into a fresh archive, twice adds nothing → the site opens from file://")
        func bundleRoundTrip() async throws {
            let world = try LongevityWorld("bundle")
            let server = try await AftermathProcess(archive: world.archive, config: world.config, logPath: world.dir.file("serve.log"))
            let incident = try await LongevityWorld.openIncident(server, key: "orders-deadlock", title: "Orders / deadlocks")
            let database = try AppDatabase(directory: world.archive)
            _ = try await Wait.until("the capture to store its evidence", timeout: 60) {
                try await database.evidence(incidentID: incident).count >= 3 ? true : nil
            }
            let evidence = try await database.evidence(incidentID: incident)
            try database.close()
            server.process.stop()
            let generate = try await world.cli(["postmortem", "generate", incident])
            #expect(generate.status == 0, "\(generate.stderr)")
            // Changes around it travel with it: one to its service within the lookback (1h), one
            // before it, and one to another service.
            for (service, at, version) in [("orders", "20m", "v-inside"), ("orders", "3h", "v-too-early"), ("payments", "10m", "v-other-service")] {
                let recorded = try await world.cli(["change", "record", "--service", service, "--at", at, "--version", version])
                #expect(recorded.status == 0, "\(recorded.stderr)")
            }

            // Export, from the archive's side.
            let bundle = world.dir.file("orders.tar.gz")
            let export = try await world.cli(["export", incident, "--out", bundle])
            #expect(export.status == 0, "export failed: \(export.stderr)")
            let digest = try #require(export.stdout.split(separator: "\n").first { $0.hasPrefix("digest ") }?.split(separator: " ")[1])
            #expect(export.stdout.contains("\(evidence.count) evidence item(s)"), "\(export.stdout)")

            // The recipient: an empty directory, no archive, no configuration.
            let recipient = try TemporaryDirectory("bundle-recipient")
            let received = recipient.file("received.tar.gz")
            try FileManager.default.copyItem(atPath: bundle, toPath: received)
            let tar = try #require(Programs.find("tar"))
            let verify = try await aftermath(["verify", "--bundle", received, "--archive", recipient.file("no-archive-here")])
            #expect(verify.status == 0, "verify --bundle: \(verify.stderr)")
            #expect(verify.stdout.contains("digest \(digest)"), "\(verify.stdout)")
            #expect(!FileManager.default.fileExists(atPath: recipient.file("no-archive-here")), "verify --bundle created an archive")
            let independent = try await PythonChecker.run(["--bundle", received])
            #expect(independent.status == 0, "aftermath-check.py --bundle: \(independent.stdout)")
            // The issuing archive recognises its own bundle.
            let issued = try await world.cli(["verify", "--bundle", received])
            #expect(issued.stdout.contains("this archive exported it on"), "\(issued.stdout)")

            // Unpack as a person would, and look inside.
            #expect(try await runProgram(tar, ["xzf", received], directory: recipient.path).status == 0)
            let top = recipient.file("aftermath-incident-\(incident)")
            for name in ["bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", "README.txt", "data/incident.json",
                         "data/alerts.json", "data/timeline.json", "data/changes.json", "data/chain.json", "data/redaction.json", "data/site/index.html",
                         "data/site/incident/\(incident).html"] {
                #expect(FileManager.default.fileExists(atPath: (top as NSString).appendingPathComponent(name)), "\(name) is in the bundle")
            }
            let postmortems = try FileManager.default.contentsOfDirectory(atPath: top + "/data/postmortem")
            #expect(postmortems.count == 1)
            let timeline = try String(contentsOfFile: top + "/data/timeline.json", encoding: .utf8)
            #expect(timeline.contains("Orders / deadlocks"))
            let changes = try String(contentsOfFile: top + "/data/changes.json", encoding: .utf8)
            #expect(changes.contains("\"v-inside\"") && !changes.contains("v-too-early") && !changes.contains("v-other-service"), "\(changes)")
            let redaction = try String(contentsOfFile: top + "/data/redaction.json", encoding: .utf8)
            #expect(redaction.contains("\"built_in_rules\""))
            let logFile = try #require(try FileManager.default.contentsOfDirectory(atPath: top + "/data/evidence").first { $0.hasSuffix(".log") })
            let logText = try String(contentsOfFile: top + "/data/evidence/" + logFile, encoding: .utf8)
            #expect(logText.contains("deadlock detected"))
            #expect(!logText.contains("hunter2-secret"), "the bundle carries the redacted content")
            #expect(try await runProgram(tar, ["tzf", received]).stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("aftermath-incident-\(incident)") })

            // One byte changed in each kind of file is named, unpacked and re-packed alike.
            for (i, name) in ["data/evidence/" + logFile, "data/postmortem/" + postmortems[0], "data/site/incident/\(incident).html",
                              "data/timeline.json"].enumerated() {
                let copy = recipient.file("changed-\(i)")
                #expect(try await runProgram("/bin/cp", ["-a", top, copy]).status == 0)
                try flipByte((copy as NSString).appendingPathComponent(name), at: 40)
                let unpacked = try await aftermath(["verify", "--bundle", copy])
                #expect(unpacked.status != 0)
                #expect(unpacked.stderr.contains("CHANGED \(name): changed"), "\(name) is named: \(unpacked.stderr)")
                let checker = try await PythonChecker.run(["--bundle", copy])
                #expect(checker.status == 1)
                #expect(checker.stdout.contains("CHANGED \(name):"), "the independent checker names \(name): \(checker.stdout)")
                let repacked = recipient.file("changed-\(i).tar.gz")
                let top = "aftermath-incident-\(incident)"
                #expect(try await runProgram(tar, ["czf", repacked, "--transform", "s,^changed-\(i),\(top),", "changed-\(i)"], directory: recipient.path).status == 0)
                let packed = try await aftermath(["verify", "--bundle", repacked])
                #expect(packed.status != 0)
                #expect(packed.stderr.contains("CHANGED \(name): changed"), "re-packed: \(packed.stderr)")
                let refused = try await aftermath(["import", repacked, "--archive", recipient.file("refusing")])
                #expect(refused.status != 0)
                #expect(refused.stderr.contains("does not check out"), "\(refused.stderr)")
            }
            // A changed chain link (metadata) is named too, and a byte flipped in the compressed file.
            let relinked = recipient.file("relinked")
            #expect(try await runProgram("/bin/cp", ["-a", top, relinked]).status == 0)
            let chainPath = relinked + "/data/chain.json"
            let chain = try String(contentsOfFile: chainPath, encoding: .utf8)
            try chain.replacingOccurrences(of: "\\\"collector\\\":\\\"diag\\\"", with: "\\\"collector\\\":\\\"diaG\\\"")
                .write(toFile: chainPath, atomically: true, encoding: .utf8)
            let relinkedCheck = try await aftermath(["verify", "--bundle", relinked])
            #expect(relinkedCheck.stderr.contains("CHANGED data/chain.json:"), "\(relinkedCheck.stderr)")
            #expect(relinkedCheck.stderr.contains("chain hash does not match"), "\(relinkedCheck.stderr)")
            let damaged = recipient.file("damaged.tar.gz")
            try FileManager.default.copyItem(atPath: received, toPath: damaged)
            try flipByte(damaged, at: -100)
            let damagedCheck = try await aftermath(["verify", "--bundle", damaged])
            #expect(damagedCheck.status != 0)
            #expect(damagedCheck.stderr.contains("CHANGED \(damaged): the gzip stream is damaged"), "\(damagedCheck.stderr)")

            // Import into a fresh archive; twice adds nothing.
            let target = recipient.file("archive")
            let imported = try await aftermath(["import", received, "--archive", target])
            #expect(imported.status == 0, "import: \(imported.stderr)")
            #expect(imported.stdout.contains("imported incident \(incident)"), "\(imported.stdout)")
            #expect(imported.stdout.contains("1 change(s)"), "\(imported.stdout)")
            let importedChanges = try await aftermath(["change", "list", "--archive", target])
            #expect(importedChanges.stdout.contains("v-inside") && !importedChanges.stdout.contains("v-too-early"), "\(importedChanges.stdout)")
            let targetDatabase = try AppDatabase(directory: target)
            func counts() async throws -> [Int] {
                try await targetDatabase.writer.read { db in
                    try ["incident", "alert", "timeline_event", "delivery", "capture", "evidence", "evidence_line", "postmortem", "change_event"].map {
                        try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0)") ?? -1
                    }
                }
            }
            let once = try await counts()
            #expect(once[0] == 1 && once[5] == evidence.count, "\(once)")
            let twice = try await aftermath(["import", received, "--archive", target])
            #expect(twice.status != 0)
            #expect(twice.stderr.contains("already imported"), "\(twice.stderr)")
            #expect(try await counts() == once, "a second import added rows")
            let own = try await world.cli(["import", received])
            #expect(own.status != 0)
            #expect(own.stderr.contains("was exported from this archive"), "\(own.stderr)")
            // The imported items keep their ids (the archive was empty) and their content; search finds them.
            let importedEvidence = try await targetDatabase.evidence(incidentID: incident)
            // Items captured in the same instant may list in either order: compare id → content hash.
            func contentByID(_ items: [EvidenceSummary]) -> [String: String] {
                Dictionary(items.map { ($0.id, $0.sha256) }, uniquingKeysWith: { first, _ in first })
            }
            #expect(importedEvidence.count == evidence.count)
            #expect(contentByID(importedEvidence) == contentByID(evidence))
            let search = try await aftermath(["search", "deadlock", "--archive", target])
            #expect(search.stdout.contains("deadlock detected"), "\(search.stdout)")
            let targetVerify = try await aftermath(["verify", "--archive", target])
            #expect(targetVerify.status == 0, "\(targetVerify.stderr)")
            #expect(targetVerify.stdout.contains("\(evidence.count) imported item(s) match their original chain links"), "\(targetVerify.stdout)")
            #expect(FileManager.default.fileExists(atPath: target + "/postmortems/" + postmortems[0]))
            try targetDatabase.close()

            // Into an archive with evidence of its own: the bundle's items are renumbered, and citations follow.
            let busy = try AppDatabase(directory: recipient.file("busy"))
            try await SiteFixture.ownEvidence(busy, count: evidence.count + 2)
            try busy.close()
            let renumbered = try await aftermath(["import", received, "--archive", recipient.file("busy")])
            #expect(renumbered.status == 0, "\(renumbered.stderr)")
            #expect(renumbered.stdout.contains("evidence renumbered: ev-"), "\(renumbered.stdout)")
            let busyVerify = try await aftermath(["verify", "--archive", recipient.file("busy")])
            #expect(busyVerify.status == 0, "\(busyVerify.stderr)")
            let busyChecker = try await PythonChecker.run([recipient.file("busy")])
            #expect(busyChecker.status == 0, "\(busyChecker.stdout)")

            // The bundle's own site, from file://, in headless Chromium.
            let chromium = try #require(Programs.find("chromium", "chromium-browser"), "chromium is not installed (Debian package chromium)")
            let browser = SiteChromiumTests.Browser(executable: chromium, profile: recipient.file("chromium-profile"), log: recipient.file("chromium.log"))
            let site = URL(fileURLWithPath: top + "/data/site").absoluteString
            let index = try await browser.domOffThread(site + "/index.html")
            #expect(index.contains("Orders / deadlocks"), "the bundle's index lists the incident")
            let page = try await browser.domOffThread(site + "/incident/\(incident).html")
            #expect(page.contains("<ol class=\"timeline\">"))
            #expect(page.contains(evidence[0].id))
            #expect(page.contains("v-inside"), "the bundle's incident page lists the change before it")
            let shots = (SiteFixture.repositoryRoot as NSString).appendingPathComponent("test-output/bundle")
            try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
            try await browser.screenshotOffThread(site + "/incident/\(incident).html", to: shots + "/bundle-incident.png", height: 2400)
        }
    }
}

extension SiteFixture {
    /// Stores `count` evidence items of an incident of the archive's own (so imports must renumber).
    static func ownEvidence(_ database: AppDatabase, count: Int) async throws {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        try await database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO incident (id, title, source, status, severity, services, labels, started_at, created_at, updated_at)
                VALUES ('local001', 'local incident', 'generic', 'resolved', 'warning', '[]', '{}', ?, ?, ?)
                """, arguments: [start, start, start])
        }
        let captureID = try await database.createCapture(PlannedCapture(
            incidentID: "local001", kind: .manual, window: DateInterval(start: start, duration: 60), labels: [:], alertsJSON: "[]",
            requestedBy: "test", requestedAt: start, runAfter: start, maxAttempts: 1, jobs: [.init(collector: "local", host: "local")]))
        let claimed = try await database.claimJobs(now: start, limit: 1, lease: 60, only: captureID)
        let job = try #require(claimed.claimed.first)
        let items = (0..<count).map { i in
            NewEvidence(kind: .command, name: "own \(i)", host: "local", request: ["argv": "true"], status: .ok, error: nil, exitCode: 0,
                        content: Data("own item \(i)\n".utf8), contentType: "text/plain", redactions: 0,
                        lines: [.init(timestamp: nil, text: "own item \(i)", source: "stdout")], startedAt: start, finishedAt: start)
        }
        _ = try await database.storeEvidence(jobID: job.job.id, leaseToken: try #require(job.job.leaseToken), items: items, now: start)
    }
}
