import AftermathCore
@testable import Archive
import AsyncHTTPClient
import Capture
import Foundation
import GRDB
import Hummingbird
import Logging
import NIOCore
import Server
import Settings
import Testing

extension EndToEnd {
    /// The canary run: distinct secrets planted in every field of a webhook of each of the eight
    /// sources and in everything each evidence kind collects (metrics, files, journald, Loki,
    /// commands, HTTP), through the real server, capture worker, postmortem writer and site
    /// build. Then every file under the archive and the site is searched byte for byte, the
    /// SQLite WAL while it exists and the database after it was checkpointed. Expected: none.
    @Suite("Canary: planted secrets are found in no file of the archive or the site")
    struct CanaryEndToEndTests {
        /// Prometheus, Loki and a CI console page, answering with secrets of their own.
        static func routes(_ plant: EvidenceCanaries) -> (Router<BasicRequestContext>) -> Void {
            { router in
                router.get("/api/v1/query_range") { request, _ -> Response in
                    let query = request.uri.queryParameters["query"].map(String.init) ?? ""
                    if query.contains("broken") {
                        return FakeServer.response(.badRequest, #"{"status":"error","errorType":"bad_data","error":"parse error near \#(plant.prometheusError)"}"#)
                    }
                    let now = Int(Date().timeIntervalSince1970)
                    return FakeServer.response(.ok, """
                        {"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","dsn":"postgres://app:\(plant.prometheusDSN)@db/x",
                        "api_token":"\(plant.prometheusLabel)","note":"password=\(plant.prometheusNote)","visible":"VisibleCtrlPromLabel"},
                        "values":[[\(now - 60),"1"],[\(now - 30),"0"]]}]}}
                        """)
                }
                router.get("/loki/api/v1/query_range") { _, _ -> Response in
                    let ns = Int64(Date().timeIntervalSince1970 - 20) * 1_000_000_000
                    return FakeServer.response(.ok, """
                        {"status":"success","data":{"resultType":"streams","result":[{"stream":{"app":"api","password":"\(plant.lokiLabel)",
                        "note":"Authorization: Bearer \(plant.lokiNote)"},"values":[["\(ns)","level=error DB_PASSWORD=Xy7;\(plant.lokiLine) VisibleCtrlLokiLine"]]}]}}
                        """)
                }
                router.get("/ci/console") { _, _ in
                    FakeServer.response(.ok, "build 42\nexport GITHUB_TOKEN=gh" + "p_\(plant.httpToken)\n<password>\(plant.httpXML)</password>\nVisibleCtrlHttpBody\n",
                                        contentType: "text/plain")
                }
            }
        }

        @Test("8 incident sources, 2 change senders, 6 evidence kinds and a chat import: 0 canaries in the archive (SQLite, WAL, postmortems) or the site (pages, search shards)")
        func canaries() async throws {
            let dir = try TemporaryDirectory("canary")
            let plant = CanaryPlant()
            let evidence = EvidenceCanaries(plant)
            let now = Date()
            let hooks = CanaryWebhooks.all(plant, now: now)
            let changeHooks = CanaryWebhooks.changes(plant, now: now)
            let archiveDirectory = dir.file("archive"), siteDirectory = dir.file("site")

            // Evidence sources: a log file, a journal, commands, and the fake HTTP services.
            let stamp = Timestamp.format(now.addingTimeInterval(-60))
            try dir.write("logs/app.log", """
                \(stamp) ERROR password=\(evidence.fileKeyValue) VisibleCtrlFileLine
                \(stamp) WARN deploy ran curl -u deploy:\(evidence.fileCurl) https://ci.internal
                \(stamp) INFO dumping key
                -----BEGIN RSA PRIVATE KEY-----
                \(evidence.filePEM)
                -----END RSA PRIVATE KEY-----
                \(stamp) INFO mysql -uroot -p\(evidence.fileMySQL) orders

                """)
            let journal = try await JournalFixture(entries: [
                .init(micros: Int64(now.addingTimeInterval(-30).timeIntervalSince1970 * 1_000_000),
                      fields: [("MESSAGE", .text("token: \(evidence.journalMessage) VisibleCtrlJournalLine")), ("SYSLOG_IDENTIFIER", "app"), ("_HOSTNAME", "web-1")]),
            ])

            try await FakeServer.run(routes: Self.routes(evidence)) { port, _ in
                var config = AftermathConfig()
                config.archiveDirectory = archiveDirectory
                config.siteDirectory = siteDirectory
                config.prometheus.url = "http://127.0.0.1:\(port)"
                config.loki.url = "http://127.0.0.1:\(port)"
                config.capture.lookback = 600
                var metrics = CollectorConfig(name: "metrics", kind: .prometheus)
                metrics.queries = ["up{job=\"api\", token=\"\(evidence.prometheusQuery)\"}", "broken("]
                var logs = CollectorConfig(name: "app-log", kind: .file)
                logs.paths = [dir.file("logs/app.log")]
                let journald = CollectorConfig(name: "journal", kind: .journald)
                var loki = CollectorConfig(name: "loki", kind: .loki)
                loki.queries = ["{app=\"api\"} |= \"error\""]
                var commands = CollectorConfig(name: "diagnostics", kind: .command)
                commands.commands = .templates([
                    CommandTemplate(name: "env", argv: ["printf", "%s\\n", "password=\(evidence.commandOutput)", "Authorization: Bearer \(evidence.commandHeader)", "VisibleCtrlCommandLine"]),
                    CommandTemplate(name: "missing", argv: ["ls", "/nonexistent/secret=\(evidence.commandError)"]),
                ])
                var http = CollectorConfig(name: "ci-console", kind: .http)
                http.url = "http://ci:\(evidence.httpUserinfo)@127.0.0.1:\(port)/ci/console?token=\(evidence.httpQuery)&alert={{labels.alertname}}"
                http.headers = ["Authorization": "Bearer \(evidence.httpHeader)"]
                config.collectors = [metrics, logs, journald, loki, commands, http]
                let expectedJobs = hooks.count * config.collectors.count
                let configFile = try dir.write("aftermath.yaml", "archive: \(archiveDirectory)\nsite: \(siteDirectory)\n")

                let database = try AppDatabase(directory: archiveDirectory)
                var logger = Logger(label: "canary")
                logger.logLevel = .warning
                let pipeline = try Pipeline(config: config, database: database, logger: logger, environment: [:], journal: .directory(journal.journalDirectory))
                let deps = pipeline.serverDependencies(environment: [:], logger: logger, keepSiteCurrent: false)

                try await withLiveServer(deps) { serverPort in
                    for hook in hooks {
                        var request = HTTPClientRequest(url: "http://127.0.0.1:\(serverPort)/hooks/\(hook.source.rawValue)")
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/json")
                        for (name, value) in hook.headers { request.headers.add(name: name, value: value) }
                        request.body = .bytes(ByteBuffer(bytes: hook.body))
                        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                        let answer = String(buffer: try await response.body.collect(upTo: 1 << 20))
                        #expect(response.status.code == 202, "\(hook.source): \(answer)")
                        #expect(answer.contains("\"accepted\""), "\(hook.source) was not applied: \(answer)")
                    }
                    for hook in changeHooks {
                        var request = HTTPClientRequest(url: "http://127.0.0.1:\(serverPort)/hooks/\(hook.source.rawValue)")
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.body = .bytes(ByteBuffer(bytes: hook.body))
                        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                        let answer = String(buffer: try await response.body.collect(upTo: 1 << 20))
                        #expect(response.status.code == 202 && answer.contains("\"changes\":1"), "\(hook.source) change: \(answer)")
                    }
                    let incidents = try await Wait.until("an incident per source", timeout: 30) {
                        let all = try await database.incidents()
                        return all.count >= hooks.count ? all : nil
                    }
                    #expect(incidents.count == hooks.count)
                    // Every collector of every incident's capture has finished, however it went.
                    let jobs = try await Wait.until("every capture job to finish", timeout: 180, interval: 0.5) { () -> Int? in
                        try await database.writer.read { db -> Int? in
                            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM capture_job") ?? 0
                            let open = try Int.fetchOne(db, sql: "SELECT count(*) FROM capture_job WHERE state NOT IN ('done', 'failed')") ?? 1
                            return total >= expectedJobs && open == 0 ? total : nil
                        }
                    }
                    #expect(jobs == expectedJobs)
                }

                // A chat transcript, imported as an operator would.
                let chatIncident = try #require(try await database.incidents().first)
                let chat = try runAftermath([
                    "import", "slack", try evidence.slackExport(in: dir, at: now.addingTimeInterval(-60)), "--channel", "inc",
                    "--incident", chatIncident.id, "--config", configFile, "--archive", archiveDirectory,
                ])
                #expect(chat.status == 0 && chat.stdout.contains("imported 1 new message(s)"), "\(chat.stdout)\(chat.stderr)")

                // Every evidence kind stored something (a control word proves the content is there).
                let items = try await database.evidence(incidentID: nil)
                for kind in EvidenceKind.allCases { #expect(items.contains { $0.kind == kind }, "\(kind)") }
                for collector in ["metrics", "app-log", "journal", "loki", "diagnostics", "ci-console"] {
                    #expect(items.contains { $0.collector == collector && ($0.status == .ok || $0.status == .failed) }, "\(collector)")
                }
                #expect(items.contains { $0.collector == "metrics" && $0.status == .failed && ($0.error ?? "").contains("parse error") })

                // Postmortems for every incident, and the site, as a user makes them.
                let incidents = try await database.incidents()
                for incident in incidents {
                    let generated = try runAftermath(["postmortem", "generate", incident.id, "--config", configFile, "--archive", archiveDirectory])
                    #expect(generated.status == 0, "\(generated.stderr)")
                }
                let site = try runAftermath(["site", "build", "--config", configFile, "--archive", archiveDirectory, "--out", siteDirectory,
                                             "--templates", (SiteFixture.templates as NSString).deletingLastPathComponent])
                #expect(site.status == 0, "\(site.stderr)")

                // The search, while the database is open and its WAL holds the recent pages.
                let files = ArchiveGrep.files(under: archiveDirectory) + ArchiveGrep.files(under: siteDirectory)
                let wal = archiveDirectory + "/aftermath.sqlite-wal"
                let walSize = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
                #expect(walSize > 0, "the WAL is searched while it holds pages")
                #expect(files.contains { $0.hasSuffix(".md") }, "postmortems are searched")
                #expect(files.contains { $0.contains("/search/") }, "search shards are searched")
                let openFound = ArchiveGrep.find(plant.canaries, under: [archiveDirectory, siteDirectory])
                let controls = (hooks + changeHooks).map(\.control) + evidence.controls
                let controlsFound = ArchiveGrep.find(controls, under: [archiveDirectory])
                let controlsOnSite = ArchiveGrep.find(controls, under: [siteDirectory])

                // And again after the pool closed and SQLite checkpointed the WAL into the database.
                try database.close()
                let closedFound = ArchiveGrep.find(plant.canaries, under: [archiveDirectory])
                let bytes = files.compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int }.reduce(0, +)
                print("canary: \(plant.canaries.count) distinct secrets planted (\(hooks.count) incident sources, \(changeHooks.count) change senders, 6 collected evidence kinds, a chat import); "
                      + "found \(Set(openFound.keys).union(closedFound.keys).count) of them in \(files.count) files (\(bytes) bytes, WAL \(walSize) bytes)")
                let places = Dictionary(plant.planted.map { ($0.canary, $0.place) }, uniquingKeysWith: { first, _ in first })
                let described = openFound.map { found in "\(found.key) (\(places[found.key] ?? "?")) in \(found.value)" }
                #expect(openFound.isEmpty, "canaries stored: \(described)")
                #expect(closedFound.isEmpty, "canaries in the checkpointed database: \(closedFound.keys)")
                for control in controls {
                    #expect(controlsFound[control] != nil, "control \(control) not found in the archive: the search would see nothing")
                    #expect(controlsOnSite[control] != nil, "control \(control) not on the site")
                }
            }
        }
    }
}

/// The secrets each evidence source returns, and the control words beside them.
struct EvidenceCanaries: Sendable {
    let prometheusDSN, prometheusLabel, prometheusNote, prometheusError, prometheusQuery: String
    let lokiLabel, lokiNote, lokiLine: String
    let fileKeyValue, fileCurl, filePEM, fileMySQL: String
    let journalMessage: String
    let commandOutput, commandHeader, commandError: String
    let httpToken, httpXML, httpUserinfo, httpQuery, httpHeader: String
    let chatPassword, chatLink, chatToken: String
    let controls = [
        "VisibleCtrlPromLabel", "VisibleCtrlLokiLine", "VisibleCtrlFileLine", "VisibleCtrlJournalLine", "VisibleCtrlCommandLine", "VisibleCtrlHttpBody",
        "VisibleCtrlChatLine",
    ]

    init(_ plant: CanaryPlant) {
        prometheusDSN = plant.bare("prometheus series dsn")
        prometheusLabel = plant.bare("prometheus series api_token")
        prometheusNote = plant.bare("prometheus series note")
        prometheusError = "password=" + plant.bare("prometheus error")
        prometheusQuery = plant.bare("prometheus query")
        lokiLabel = plant.bare("loki stream password")
        lokiNote = plant.bare("loki stream note")
        lokiLine = plant.bare("loki line")
        fileKeyValue = plant.bare("file key=value")
        fileCurl = plant.bare("file curl -u")
        filePEM = plant.bare("file PEM body")
        fileMySQL = plant.bare("file mysql -p")
        journalMessage = plant.bare("journald message")
        commandOutput = plant.bare("command output")
        commandHeader = plant.bare("command header")
        commandError = plant.bare("command error")
        httpToken = (plant.bare("http body token") + String(repeating: "Z", count: 36)).prefix(36).description
        httpXML = plant.bare("http body xml")
        httpUserinfo = plant.bare("http userinfo")
        httpQuery = plant.bare("http query string")
        httpHeader = plant.bare("http header")
        chatPassword = plant.bare("slack message password")
        chatLink = plant.bare("slack message link token")
        chatToken = (plant.bare("slack message bot token") + String(repeating: "Z", count: 24)).prefix(24).description
    }

    /// A Slack export (directory) whose one channel holds a message carrying the chat canaries at `at`.
    func slackExport(in dir: TemporaryDirectory, at: Date) throws -> String {
        let ts = String(format: "%.6f", at.timeIntervalSince1970)
        try dir.write("slack/users.json", #"[{"id":"U1","name":"op","profile":{"display_name":"op"}}]"#)
        try dir.write("slack/channels.json", #"[{"id":"C1","name":"inc"}]"#)
        let text = "password=\(chatPassword) <https://grafana.internal/d/x?token=\(chatLink)|dash> xoxb-1-2-\(chatToken) VisibleCtrlChatLine"
        try dir.write("slack/inc/\(SlackDay.utc(at)).json", #"[{"type":"message","user":"U1","ts":"\#(ts)","text":"\#(text)"}]"#)
        return dir.file("slack")
    }
}

/// `2026-11-27` for a time in UTC, as Slack names its day files.
enum SlackDay {
    static func utc(_ date: Date) -> String {
        String(Timestamp.format(date).prefix(10))
    }
}
