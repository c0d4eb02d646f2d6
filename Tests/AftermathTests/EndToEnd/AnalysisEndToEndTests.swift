import AftermathCore
import Archive
import AsyncHTTPClient
import Foundation
import Testing

extension EndToEnd {
    /// The archive learning across incidents, as a new user sees it: recurring, noisy and
    /// log-preceded incidents sent to the real `aftermath serve` (a real file collector reading a
    /// log whose errors start 7m12s before the alert), then the postmortem, `incident related`,
    /// `insights --json` and the built site in headless Chromium (screenshots in test-output/analysis/).
    @Suite("Analysis and prevention, end to end")
    struct AnalysisEndToEndTests {
        /// Whole seconds, so times written in webhooks are stored exactly.
        static let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))

        /// `days` ago at `hour:minute` UTC.
        static func past(days: Double, hour: Int, minute: Int) -> Date {
            let day = (now.timeIntervalSince1970 / 86_400).rounded(.down) - days
            return Date(timeIntervalSince1970: day * 86_400 + Double(hour * 3600 + minute * 60))
        }

        static func generic(_ key: String, _ status: String, title: String, services: [String], at: Date, actor: String? = nil) -> [UInt8] {
            var json: [String: Any] = ["key": key, "status": status, "title": title, "services": services, "severity": "high", "time": Timestamp.format(at)]
            if let actor { json["actor"] = actor }
            return Array((try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])) ?? Data())
        }

        static func alertmanager(startsAt: Date, endsAt: Date?) -> [UInt8] {
            let alert: [String: Any] = [
                "status": endsAt == nil ? "firing" : "resolved",
                "labels": ["alertname": "HighErrorRate", "service": "checkout", "severity": "critical", "instance": "checkout-1:8080"],
                "annotations": ["summary": "checkout 5xx ratio above 5%"],
                "startsAt": Timestamp.format(startsAt), "endsAt": endsAt.map(Timestamp.format) ?? "0001-01-01T00:00:00Z",
                "generatorURL": "http://prometheus.invalid:9090/graph?g0.expr=job%3Aerrors%3Aratio5m+%3E+0.05", "fingerprint": "5c0ffee15bad1dea",
            ]
            let body: [String: Any] = [
                "receiver": "aftermath", "status": endsAt == nil ? "firing" : "resolved", "alerts": [alert],
                "groupLabels": ["alertname": "HighErrorRate"], "commonLabels": ["alertname": "HighErrorRate", "service": "checkout"],
                "commonAnnotations": [:] as [String: String], "externalURL": "http://alertmanager.invalid:9093", "version": "4",
                "groupKey": "{}:{alertname=\"HighErrorRate\"}", "truncatedAlerts": 0,
            ]
            return Array((try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data())
        }

        /// Linear-interpolation percentile, written here independently of the archive's code.
        static func percentile(_ values: [Double], _ p: Double) -> Double? {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return nil }
            let h = Double(sorted.count - 1) * p
            let lo = Int(h), hi = min(lo + 1, sorted.count - 1)
            return ((sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])) * 1000).rounded() / 1000
        }

        @Test("Recurring, noisy and log-preceded incidents: seen before, detection lead, responders and insights agree everywhere")
        func analysis() async throws {
            let dir = try TemporaryDirectory("analysis-e2e")
            let alertAt = Self.now - 60
            // The log: steady INFO lines, then errors from 7m12s before the alert fires.
            var log = ""
            for i in 0..<30 { log += "\(Timestamp.formatMillis(alertAt - 1500 + Double(i) * 30)) INFO request \(i) served in \(20 + i)ms\n" }
            let firstError = alertAt - 432
            for i in 0..<14 {
                log += "\(Timestamp.formatMillis(firstError + Double(i) * 20)) ERROR upstream timeout after \(3000 + i * 7)ms order=\"A-\(100 + i)\" peer=10.0.3.\(i + 10):5432\n"
            }
            log += "\(Timestamp.formatMillis(alertAt - 120)) ERROR pool exhausted: 64 of 64 connections busy\n"
            let logPath = try dir.write("logs/app.log", log)
            let config = try dir.write("aftermath.yaml", """
                templates: \(SiteFixture.repositoryRoot)/templates
                capture:
                  lookback: 30m
                  lookahead: 0s
                postmortem:
                  settle: 1s
                  deadline: 24h
                collectors:
                  - { name: app-log, kind: file, match: { service: checkout }, host: local, paths: ["\(logPath)"] }
                """)
            let archive = dir.file("archive")
            func cli(_ args: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
                try await aftermath(args + ["--config", config, "--archive", archive])
            }
            let server = try await AftermathProcess(archive: archive, config: config, logPath: dir.file("serve.log"))
            defer { server.process.stop() }
            let client = HTTPClient.shared
            func post(_ source: String, _ body: [UInt8]) async throws {
                let status = await client.postStatus("\(server.baseURL)/hooks/\(source)", body: body)
                #expect(status == 202, "POST /hooks/\(source) answered \(status)")
            }
            let database = try AppDatabase(directory: archive)

            // Two earlier HighErrorRate incidents on checkout, acknowledged and resolved (a generic sender stating the times).
            let october = Self.past(days: 40, hour: 3, minute: 20), november = Self.past(days: 12, hour: 3, minute: 40)
            for (key, start, ack, end) in [("checkout-5xx-1", october, 240.0, 2280.0), ("checkout-5xx-2", november, 150.0, 1260.0)] {
                try await post("generic", Self.generic(key, "firing", title: "HighErrorRate", services: ["checkout"], at: start))
                try await post("generic", Self.generic(key, "acknowledged", title: "HighErrorRate", services: ["checkout"], at: start + ack, actor: "dave"))
                try await post("generic", Self.generic(key, "resolved", title: "HighErrorRate", services: ["checkout"], at: start + end, actor: "erin"))
            }
            // Noise: a probe failure that cleared in 2 minutes unacknowledged, and a disk alert that reopened three times.
            let blip = Self.past(days: 5, hour: 14, minute: 5)
            try await post("generic", Self.generic("probe", "firing", title: "PaymentsProbeFailed", services: ["payments"], at: blip))
            try await post("generic", Self.generic("probe", "resolved", title: "PaymentsProbeFailed", services: ["payments"], at: blip + 120))
            let flap = Self.past(days: 3, hour: 22, minute: 10)
            for k in 0..<4 {
                try await post("generic", Self.generic("disk", "firing", title: "DiskPressure", services: ["storage"], at: flap + Double(k) * 600))
                try await post("generic", Self.generic("disk", "resolved", title: "DiskPressure", services: ["storage"], at: flap + Double(k) * 600 + 180))
            }
            let earlier = try await Wait.until("the four earlier incidents and their postmortems", timeout: 90) { () -> [IncidentRecord]? in
                let all = try await database.incidents()
                guard all.count == 4 else { return nil }
                for incident in all where try await database.postmortem(incidentID: incident.id)?.writtenAt == nil { return nil }
                return all
            }
            let first = try #require(earlier.first { $0.startedAt == october })
            let second = try #require(earlier.first { $0.startedAt == november })
            #expect(try await database.incident(id: earlier.first { $0.title == "DiskPressure" }?.id ?? "")?.timeline.filter { $0.kind == .reopened }.count == 3)

            // A person completes the first postmortem: a summary, one action done and one open, status final.
            let firstPath = (archive as NSString).appendingPathComponent("postmortems/" + (try #require(try await database.postmortem(incidentID: first.id)?.file)))
            var text = try String(contentsOfFile: firstPath, encoding: .utf8)
            text = text.replacingOccurrences(of: "## Summary\n", with: "## Summary\n\nA connection pool leak in the checkout gateway exhausted its upstream connections.\n")
            text = text.replacingOccurrences(
                of: "- [ ] [[action]] · [[owner]] · [[priority]] · [[YYYY-MM-DD]] · [[tracker link]]",
                with: "- [ ] Alert on pool saturation before errors reach users · @dave · P1\n- [x] Patch the pool leak · @erin · P1")
            text = text.replacingOccurrences(of: "status: draft", with: "status: final").replacingOccurrences(of: "owner: \"\"", with: "owner: \"dave\"")
            try text.write(toFile: firstPath, atomically: true, encoding: .utf8)

            // Now: HighErrorRate fires; the capture reads the log; dave acknowledges; it resolves.
            try await post("alertmanager", Self.alertmanager(startsAt: alertAt, endsAt: nil))
            let current = try await Wait.until("the HighErrorRate incident", timeout: 30) {
                try await database.incidents().first { $0.source == .alertmanager }
            }
            _ = try await Wait.until("the opening capture", timeout: 90) {
                try await database.captures(incidentID: current.id).first { $0.kind == .opening && $0.finishedAt != nil }
            }
            let ack = try await cli(["incident", "ack", current.id, "--author", "dave"])
            #expect(ack.status == 0, "\(ack.stderr)")
            try await post("alertmanager", Self.alertmanager(startsAt: alertAt, endsAt: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))))
            _ = try await Wait.until("the postmortem of the HighErrorRate incident", timeout: 90) {
                try await database.postmortem(incidentID: current.id)?.writtenAt
            }
            server.process.stop()

            // The postmortem: the Detection section opens with the lead, citing the log item; responders in the header.
            let logItem = try #require(try await database.evidence(incidentID: current.id).first { $0.kind == .log && $0.collector == "app-log" })
            let postmortem = try String(contentsOfFile: (archive as NSString).appendingPathComponent(
                "postmortems/" + (try #require(try await database.postmortem(incidentID: current.id)?.file))), encoding: .utf8)
            let detection = try #require(postmortem.components(separatedBy: "## Detection\n").last?.components(separatedBy: "## Seen before").first)
            #expect(detection.contains("<!-- aftermath:begin detection -->\nErrors in app-log (\(logPath)) began 7m12s before HighErrorRate fired [\(logItem.id)](aftermath:evidence/\(logItem.id))."),
                    "\(detection)")
            #expect(detection.contains("ERROR upstream timeout after \\<num\\>ms order=\"\\<str\\>\" peer=\\<ip\\>"), "masked, \(detection)")
            #expect(detection.contains("| 14 (14 before) |"))
            #expect(postmortem.contains("| Responders | dave (acknowledged) |"))
            let seenBefore = try #require(postmortem.components(separatedBy: "<!-- aftermath:begin related -->").last?.components(separatedBy: "<!-- aftermath:end related -->").first)
            #expect(seenBefore.contains("(aftermath:incident/\(second.id))") && seenBefore.contains("(aftermath:incident/\(first.id))"), "\(seenBefore)")
            #expect(seenBefore.contains("Summary: A connection pool leak in the checkout gateway exhausted its upstream connections."))
            let stored = try #require(try await database.detection(incidentID: current.id))
            #expect(stored.leadSeconds == 432)

            // `incident related --json`: the same list, newest first, explained.
            let related = try await cli(["incident", "related", current.id, "--json"])
            #expect(related.status == 0, "\(related.stderr)")
            let relatedJSON = try #require(try JSONSerialization.jsonObject(with: Data(related.stdout.utf8)) as? [String: Any])
            let entries = try #require(relatedJSON["related"] as? [[String: Any]])
            #expect(entries.compactMap { $0["id"] as? String } == [second.id, first.id])
            #expect(entries.compactMap { ($0["match"] as? [String: Any])?["explanation"] as? String }
                == ["same alertname and service (HighErrorRate, checkout)", "same alertname and service (HighErrorRate, checkout)"])
            #expect(entries.last?["open_action_items"] as? [String] == ["Alert on pool saturation before errors reach users · @dave · P1"])
            #expect(entries.last?["postmortem_status"] as? String == "final")

            // The site, built as a user would, opened from file:// in Chromium. Headless Chromium dumps
            // nothing when scripts are disabled, so "no script needed" is checked on the file itself.
            let out = dir.file("site")
            let build = try await cli(["site", "build", "--out", out])
            #expect(build.status == 0, "\(build.stderr)")
            let chromium = try #require(Programs.find("chromium", "chromium-browser"), "chromium is not installed (Debian package chromium)")
            let browser = SiteChromiumTests.Browser(executable: chromium, profile: dir.file("chromium-profile"), log: dir.file("chromium.log"))
            let site = URL(fileURLWithPath: out).absoluteString
            let incidentDOM = try await offThread { try browser.run(["--dump-dom", site + "incident/\(current.id).html"]).stdout }
            let seen = try #require(incidentDOM.components(separatedBy: "id=\"seen-before\"").last?.components(separatedBy: "</section>").first)
            let newer = try #require(seen.range(of: "incident/\(second.id).html"), "\(seen)"), older = try #require(seen.range(of: "incident/\(first.id).html"), "\(seen)")
            #expect(newer.lowerBound < older.lowerBound, "newest first")
            #expect(seen.contains("Matched: same alertname and service (HighErrorRate, checkout)"))
            #expect(seen.contains("A connection pool leak in the checkout gateway exhausted its upstream connections."))
            #expect(seen.contains("<li>Alert on pool saturation before errors reach users · @dave · P1</li>"))
            #expect(incidentDOM.contains("began 7m12s before HighErrorRate fired"), "the rendered postmortem opens Detection with the lead")
            #expect(incidentDOM.contains("href=\"../evidence/\(logItem.id).html\""))

            let insightsFile = try String(contentsOfFile: (out as NSString).appendingPathComponent("insights.html"), encoding: .utf8)
            #expect(!insightsFile.contains("<script"), "the insights page reads without any script")
            let insightsDOM = try await offThread { try browser.run(["--dump-dom", site + "insights.html"]).stdout }
            #expect(insightsDOM.contains("<td class=\"alert-name\">HighErrorRate</td>"))
            let numbers = Dictionary(PageNumbers.extract(insightsDOM).map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
            let recurringRow = try #require(insightsDOM.components(separatedBy: "id=\"recurring\"").last?.components(separatedBy: "</section>").first)
            #expect(recurringRow.contains("HighErrorRate") && numbers["recurring_alerts[0].incidents"] == "3")
            let noisy = try #require(insightsDOM.components(separatedBy: "id=\"noisy\"").last?.components(separatedBy: "</section>").first)
            #expect(noisy.contains("DiskPressure") && noisy.contains("PaymentsProbeFailed"), "\(noisy)")
            #expect(insightsDOM.contains("<svg class=\"heatmap-svg\""))
            #expect(numbers["heatmap[\((Calendar.utc.component(.weekday, from: flap) + 5) % 7)][22]"] == "1")

            // MTTA and MTTR on the page are the medians and p90s of the stored times.
            let all = try await database.incidents()
            let tta = all.compactMap { i in i.acknowledgedAt.map { $0.timeIntervalSince(i.startedAt) } }
            let ttr = all.compactMap { i in i.status == .resolved ? i.resolvedAt.map { $0.timeIntervalSince(i.startedAt) } : nil }
            #expect(tta.count == 3 && ttr.count == 5)
            for (key, expected) in [
                ("overall.time_to_acknowledge.median_seconds", Self.percentile(tta, 0.5)), ("overall.time_to_acknowledge.p90_seconds", Self.percentile(tta, 0.9)),
                ("overall.time_to_resolve.median_seconds", Self.percentile(ttr, 0.5)), ("overall.time_to_resolve.p90_seconds", Self.percentile(ttr, 0.9)),
                ("overall.detection_lead.median_seconds", 432.0),
            ] {
                let shown = try #require(numbers[key].flatMap(Double.init), "\(key) is on the page")
                #expect(abs(shown - (expected ?? .nan)) <= 0.002, "\(key): page \(shown), stored times give \(String(describing: expected))")
            }
            #expect(numbers["action_items.open"] == "1" && numbers["action_items.done"] == "1")
            #expect(numbers["postmortems.final"] == "1")

            // `insights --json` gives the same numbers as the page, every one of them.
            let insights = try await cli(["insights", "--json"])
            #expect(insights.status == 0, "\(insights.stderr)")
            let (problems, compared) = try PageNumbers.mismatches(page: insightsDOM, json: Data(insights.stdout.utf8))
            #expect(problems.isEmpty, "\(problems)")
            #expect(compared > 180)
            let byService = try await cli(["insights", "--service", "checkout"])
            #expect(byService.stdout.contains("3 incident(s)"), "\(byService.stdout)")

            let shots = (SiteFixture.repositoryRoot as NSString).appendingPathComponent("test-output/analysis")
            try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
            try await browser.screenshotOffThread(site + "incident/\(current.id).html", to: shots + "/incident-seen-before.png", height: 3000)
            try await browser.screenshotOffThread(site + "insights.html", to: shots + "/insights.png", height: 3200)
        }
    }
}

extension Calendar {
    /// The Gregorian calendar in UTC.
    static var utc: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        return calendar
    }
}
