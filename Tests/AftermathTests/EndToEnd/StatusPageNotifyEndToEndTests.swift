import AftermathCore
import Archive
import AsyncHTTPClient
import Foundation
import Logging
import Server
import Settings
import Site
import Testing

extension EndToEnd {
    /// The real server with its pipeline (intake, status-page follow-up, postmortem scheduler,
    /// notification sender, site) on a socket, the real Statuspage fixtures, a local chat receiver
    /// that fails first, the real `aftermath` CLI and `/metrics`.
    @Suite("Status page follow-through and notifications, end to end")
    struct StatusPageNotifyEndToEndTests {
        /// A configuration for `dir`: checkout's Statuspage component mapped, short reminder and
        /// settle times, one Slack-format target whose URL is read from `secrets/chat.url`.
        static func config(_ dir: TemporaryDirectory, chatURL: String) throws -> AftermathConfig {
            var config = AftermathConfig()
            config.archiveDirectory = dir.file("archive")
            config.siteDirectory = dir.file("site")
            config.collectors = []
            config.sources[.statuspage] = SourceConfig(services: ["Management Portal (example)": "checkout"])
            config.statuspage = StatusPageConfig(reminderAfter: 1, reminderEvery: 3600)
            config.postmortem = PostmortemConfig(settle: 1, deadline: 86_400)
            config.siteOptions.baseURL = "https://postmortems.example.com/"
            let urlFile = try dir.write("secrets/chat.url", chatURL + "\n")
            var target = NotifyTarget(
                name: "oncall-slack", destination: .secret(SecretReference(key: "notify[0].url_file", origin: .file(urlFile))), format: .slack)
            target.retryAfter = 0.2
            target.timeout = 1
            config.notify = [target]
            return config
        }

        /// The same configuration as YAML, for the CLI.
        static func configFile(_ dir: TemporaryDirectory, _ config: AftermathConfig) throws -> String {
            try dir.write("aftermath.yaml", """
                archive: \(config.archiveDirectory)
                site: \(config.siteDirectory)
                statuspage: { reminder_after: 1s, reminder_every: 1h }
                notify:
                  - { name: oncall-slack, format: slack, url_file: \(dir.file("secrets/chat.url")) }

                """)
        }

        static func pipeline(_ config: AftermathConfig) throws -> (Pipeline, ServerDependencies) {
            let database = try AppDatabase(directory: config.archiveDirectory)
            var logger = Logger(label: "statuspage-e2e")
            logger.logLevel = .critical
            let pipeline = try Pipeline(config: config, database: database, logger: logger)
            let deps = pipeline.serverDependencies(
                environment: [:], logger: logger, keepSiteCurrent: true,
                postmortemScheduler: pipeline.postmortemScheduler(logger: logger, pollInterval: 0.5),
                notificationSender: pipeline.notificationSender(logger: logger, pollInterval: 0.5),
                statusPageFollowUp: pipeline.statusPageFollowUp(logger: logger, pollInterval: 0.5))
            return (pipeline, deps)
        }

        static func generic(_ status: String) -> [UInt8] {
            Array(#"{"key":"checkout-errors","status":"\#(status)","title":"Checkout errors","services":["checkout"]}"#.utf8)
        }

        /// The Statuspage incident fixture, its name holding markup the banner must escape.
        static func statuspage(_ fixture: String) throws -> [UInt8] {
            var json = try #require(try JSONSerialization.jsonObject(with: Data(try Fixtures.webhook(fixture))) as? [String: Any])
            var incident = try #require(json["incident"] as? [String: Any])
            incident["name"] = "Database <b>query</b> delays"
            json["incident"] = incident
            return Array(try JSONSerialization.data(withJSONObject: json))
        }

        @Test("An incident resolves while its Statuspage incident stays open: the chat receiver (failing first) gets the reminder once, the page shows the banner, incident list the marker, /metrics the gauge; the Statuspage resolution clears them")
        func reminderReachesChatAndClears() async throws {
            let dir = try TemporaryDirectory("statuspage-e2e")
            try await NotificationReceiver.run(answer: { $0 == 1 ? .status(.internalServerError) : .status(.ok) }) { chatURL, chat in
                let config = try Self.config(dir, chatURL: chatURL)
                let configFile = try Self.configFile(dir, config)
                let (pipeline, deps) = try Self.pipeline(config)
                let database = pipeline.database
                let client = HTTPClient.shared
                try await withLiveServer(deps) { port in
                    let base = "http://127.0.0.1:\(port)"
                    #expect(await client.postStatus("\(base)/hooks/generic", body: Self.generic("firing")) == 202)
                    #expect(await client.postStatus("\(base)/hooks/statuspage", body: try Self.statuspage("statuspage-incident.json")) == 202)
                    #expect(await client.postStatus("\(base)/hooks/generic", body: Self.generic("resolved")) == 202)
                    let incidents = try await database.incidents()
                    #expect(incidents.count == 1, "the Statuspage incident joined the checkout incident")
                    let id = try #require(incidents.first?.id)
                    let page = (config.siteDirectory as NSString).appendingPathComponent(SitePaths.incident(id))
                    let link = "<https://postmortems.example.com/\(SitePaths.incident(id))|incident page>"

                    // The chat receiver gets the reminder once, through its first answer's 500.
                    let reminder = try await Wait.until("the reminder at the chat receiver", timeout: 30) {
                        await chat.accepted.compactMap { $0.json["text"] as? String }.first { $0.hasPrefix("Status page still open") }
                    }
                    #expect(reminder.contains(#"after "Checkout errors" (\#(id)) resolved: Statuspage incident "Database &lt;b&gt;query&lt;/b&gt; delays" is identified"#), "\(reminder)")
                    #expect(reminder.hasSuffix("\n" + link))

                    // The site's incident page shows the banner, escaped.
                    let html = try await Wait.until("the banner on the incident page", timeout: 30) {
                        (try? String(contentsOfFile: page, encoding: .utf8)).flatMap { $0.contains("statuspage-banner") ? $0 : nil }
                    }
                    #expect(html.contains("The status page still shows this incident as open."))
                    #expect(html.contains("Statuspage incident &quot;Database &lt;b&gt;query&lt;/b&gt; delays&quot; is identified")
                        || html.contains("Statuspage incident \"Database &lt;b&gt;query&lt;/b&gt; delays\" is identified"), "\(html)")
                    #expect(!html.contains("<b>query</b>"))
                    #expect(!html.contains("<script"), "no script on the incident page")

                    // incident list: the marker, and the --json field.
                    let list = try runAftermath(["incident", "list", "--config", configFile])
                    #expect(list.status == 0, "\(list.stderr)")
                    #expect(list.stdout.contains("resolved [status page open]"), "\(list.stdout)")
                    let records = try #require(try JSONSerialization.jsonObject(
                        with: Data(try runAftermath(["incident", "list", "--json", "--config", configFile]).stdout.utf8)) as? [[String: Any]])
                    let flag = try #require(records.first?["statuspage_open_after_resolve"] as? [String: Any])
                    let open = try #require(flag["open"] as? [[String: Any]])
                    #expect(open.first?["status"] as? String == "identified")
                    #expect(open.first?["kind"] as? String == "incident")

                    // /metrics: the gauge.
                    let metrics = try #require(await client.getText("\(base)/metrics"))
                    #expect(metrics.contains("aftermath_statuspage_open_after_resolve 1"), "\(metrics)")

                    // The Statuspage incident resolves: everything clears.
                    #expect(await client.postStatus("\(base)/hooks/statuspage", body: try Self.statuspage("statuspage-incident-resolved.json")) == 202)
                    _ = try await Wait.until("the banner to go", timeout: 30) {
                        (try? String(contentsOfFile: page, encoding: .utf8)).flatMap { $0.contains("statuspage-banner") ? nil : true }
                    }
                    #expect(await client.getText("\(base)/metrics")?.contains("aftermath_statuspage_open_after_resolve 0") == true)
                    let after = try runAftermath(["incident", "list", "--config", configFile])
                    #expect(!after.stdout.contains("[status page open]"), "\(after.stdout)")
                    let cleared = try #require(try JSONSerialization.jsonObject(
                        with: Data(try runAftermath(["incident", "list", "--json", "--config", configFile]).stdout.utf8)) as? [[String: Any]])
                    #expect(cleared.first?["statuspage_open_after_resolve"] is NSNull)

                    // The provisional postmortem notification, with the site link.
                    let ready = try await Wait.until("the postmortem-ready message", timeout: 30) {
                        await chat.accepted.compactMap { $0.json["text"] as? String }.first { $0.hasPrefix("Provisional postmortem ready") }
                    }
                    #expect(ready.hasPrefix("Provisional postmortem ready for Checkout errors (\(id)): "))
                    #expect(ready.hasSuffix("\n" + link))
                    let texts = await chat.accepted.compactMap { $0.json["text"] as? String }
                    #expect(texts.filter { $0.hasPrefix("Status page still open") }.count == 1, "accepted once: \(texts)")
                    let timeline = try #require(try await database.incident(id: id)).timeline
                    let sent = timeline.filter { $0.kind == .notification }.map(\.text)
                    #expect(sent.contains { $0.hasPrefix("Notification sent to oncall-slack (statuspage_reminder)") }, "\(sent)")
                    #expect(sent.contains { $0.hasPrefix("Notification sent to oncall-slack (postmortem_ready)") }, "\(sent)")
                    #expect(timeline.filter { $0.kind == .statuspageReminder }.count == 1)
                }
                #expect(await chat.requests.count == 3, "one 500, then the reminder and the postmortem message")
            }
        }

        @Test("config check: notify targets shown by where their URL comes from; a missing or malformed URL file named by its key, its content never printed")
        func configCheck() throws {
            let dir = try TemporaryDirectory("notify-config")
            func check(_ urlFileText: String?) throws -> (status: Int32, stdout: String, stderr: String) {
                let urlFile = dir.file("secrets/chat.url")
                try? FileManager.default.removeItem(atPath: urlFile)
                if let urlFileText { try dir.write("secrets/chat.url", urlFileText) }
                let yaml = try dir.write("aftermath.yaml", """
                    archive: \(dir.file("archive"))
                    statuspage: { reminder_after: 20m }
                    notify:
                      - { name: oncall-slack, url_file: \(urlFile), events: [statuspage_reminder] }

                    """)
                return try runAftermath(["config", "check", "--config", yaml])
            }
            let ok = try check("https://hooks.slack.com/services/T0/B0/SECRETPATH\n")
            #expect(ok.status == 0, "\(ok.stderr)")
            #expect(ok.stdout.contains("statuspage: { reminder_after: 20m, reminder_every: 1h }"), "\(ok.stdout)")
            #expect(ok.stdout.contains("  - { name: oncall-slack, format: slack, url_file: \(dir.file("secrets/chat.url")), events: [statuspage_reminder], timeout: 10s, max_attempts: 8, retry_after: 30s }"), "\(ok.stdout)")
            #expect(!ok.stdout.contains("SECRETPATH") && !ok.stderr.contains("SECRETPATH"))

            let missing = try check(nil)
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("problem: notify[0].url_file: cannot read \(dir.file("secrets/chat.url"))"), "\(missing.stderr)")

            let malformed = try check("hooks.slack.com/services/T0/B0/SECRETPATH\n")
            #expect(malformed.status == 1)
            #expect(malformed.stderr.contains("problem: notify[0].url_file: notify target 'oncall-slack': the URL read from it is not an http or https URL"), "\(malformed.stderr)")
            #expect(!malformed.stdout.contains("SECRETPATH") && !malformed.stderr.contains("SECRETPATH"))
        }

        @Test("A notification pending when the server stops is sent after a restart, once")
        func restartResendsPending() async throws {
            let dir = try TemporaryDirectory("notify-restart")
            // First run: nothing listens at the URL, so the reminder stays pending.
            let closed = "http://127.0.0.1:\(try FreePort.pick())/hook"
            let first = try Self.config(dir, chatURL: closed)
            let (pipeline, deps) = try Self.pipeline(first)
            let client = HTTPClient.shared
            let id = try await withLiveServer(deps) { port in
                let base = "http://127.0.0.1:\(port)"
                #expect(await client.postStatus("\(base)/hooks/generic", body: Self.generic("firing")) == 202)
                #expect(await client.postStatus("\(base)/hooks/statuspage", body: try Fixtures.webhook("statuspage-incident.json")) == 202)
                #expect(await client.postStatus("\(base)/hooks/generic", body: Self.generic("resolved")) == 202)
                let row = try await Wait.until("a failed attempt at the reminder", timeout: 30) {
                    try await pipeline.database.notifications().first { $0.event == .statuspageReminder && $0.attempts >= 1 }
                }
                #expect(row.state == .pending)
                #expect(row.lastError?.isEmpty == false)
                return try #require(row.incidentID)
            }
            try await pipeline.shutdown()

            // Second run, over the same archive: the receiver is up now.
            try await NotificationReceiver.run(answer: { _ in .status(.ok) }) { chatURL, chat in
                let second = try Self.config(dir, chatURL: chatURL)
                let (restarted, deps) = try Self.pipeline(second)
                try await withLiveServer(deps) { _ in
                    let sent = try await Wait.until("the pending reminder to be sent", timeout: 30) {
                        try await restarted.database.notifications().first { $0.event == .statuspageReminder && $0.state == .sent }
                    }
                    #expect(sent.incidentID == id)
                    #expect(try await restarted.database.notifications().filter { $0.event == .statuspageReminder }.count == 1)
                }
                let reminders = await chat.accepted.compactMap { $0.json["text"] as? String }.filter { $0.hasPrefix("Status page still open") }
                #expect(reminders.count == 1, "\(reminders)")
                try await restarted.shutdown()
            }
        }

        @Test("While the chat receiver hangs, webhooks are still answered; the attempt ends at its timeout and the retry delivers")
        func hungReceiverNeverBlocksIntake() async throws {
            let dir = try TemporaryDirectory("notify-hang")
            try await NotificationReceiver.run(answer: { $0 == 1 ? .hang(seconds: 5) : .status(.ok) }) { chatURL, chat in
                let config = try Self.config(dir, chatURL: chatURL)
                let (pipeline, deps) = try Self.pipeline(config)
                let client = HTTPClient.shared
                try await withLiveServer(deps) { port in
                    let base = "http://127.0.0.1:\(port)"
                    #expect(await client.postStatus("\(base)/hooks/generic", body: Self.generic("firing")) == 202)
                    let id = try #require(try await pipeline.database.incidents().first?.id)
                    try await pipeline.database.enqueueNotifications([OutboxEntry(
                        target: "oncall-slack", event: .postmortemReady, eventKey: "hang-test", incidentID: id, text: "hello", link: nil)],
                        now: Date())
                    pipeline.notificationWakeups.poke()
                    _ = try await Wait.until("the receiver to hold the first attempt", timeout: 30) {
                        await chat.requests.first.flatMap { $0.answered == nil ? true : nil }
                    }
                    let note = Array(#"{"key":"other","status":"firing","title":"Another alert"}"#.utf8)
                    #expect(await client.postStatus("\(base)/hooks/generic", body: note) == 202)
                    #expect(await chat.requests.first?.answered == nil, "answered while the receiver still held the notification")
                    let sent = try await Wait.until("the retry to deliver", timeout: 30) {
                        try await pipeline.database.notifications().first { $0.state == .sent }
                    }
                    #expect(sent.attempts == 2)
                }
                #expect(await chat.accepted.filter { $0.json["text"] as? String == "hello" }.count >= 1)
                try await pipeline.shutdown()
            }
        }
    }
}
