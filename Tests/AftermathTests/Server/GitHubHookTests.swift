import AftermathCore
import Archive
import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import Postmortem
import Redaction
import Server
import Settings
import Site
import Testing

/// A GitHub webhook as GitHub sends it: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(secret, body)>`.
struct GitHubSender {
    static let secret = "It's a Secret to Everybody"
    static let argoToken = "argocd-token-for-tests"
    let port: Int

    static func signature(_ body: [UInt8], secret: String = Self.secret) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Posts `body` as event `event` with delivery id `delivery`, signed with `secret` (nil: unsigned).
    func send(_ body: [UInt8], event: String = "deployment_status", delivery: String, secret: String? = Self.secret) async throws -> HTTPAnswer {
        var headers = [("X-GitHub-Event", event), ("X-GitHub-Delivery", delivery), ("User-Agent", "GitHub-Hookshot/044aadd")]
        if let secret { headers.append(("X-Hub-Signature-256", Self.signature(body, secret: secret))) }
        return try await HTTPClient.shared.answer("http://127.0.0.1:\(port)/hooks/github", method: .POST, body: body, headers: headers)
    }

    /// The success fixture for service `api` (deployment payload), its status created at `at`.
    static func deployment(at: Date, statusID: Int = 1115122) throws -> [UInt8] {
        var text = try IntakeFixture.edited("github-deployment-status-success.json", "\"payload\": {\n    }", "\"payload\": {\"service\": \"api\"}")
        text = text.replacingOccurrences(of: "\"created_at\": \"2015-05-05T23:40:39Z\"", with: "\"created_at\": \"\(Timestamp.format(at))\"")
        text = text.replacingOccurrences(of: "\"id\": 1115122", with: "\"id\": \(statusID)")
        return Array(text.utf8)
    }
}

@Suite("POST /hooks/github through the real server", .serialized)
struct GitHubHookTests {
    /// A server over a fresh archive whose `github` source has the test secret; `body` gets the port.
    static func withServer(
        now: Date = Date(), _ body: @escaping @Sendable (GitHubSender, AppDatabase, AftermathConfig) async throws -> Void
    ) async throws {
        let dir = try TemporaryDirectory("github")
        var config = AftermathConfig()
        config.archiveDirectory = dir.file("archive")
        config.siteDirectory = dir.file("site")
        config.sources[.github] = try IntakeFixture.sourceConfig(.github, "    hmac_secret_env: GH_SECRET\n")
        config.sources[.argocd] = try IntakeFixture.sourceConfig(.argocd, "    bearer_token_env: ARGOCD_TOKEN\n")
        let database = try AppDatabase(directory: config.archiveDirectory)
        var logger = Logger(label: "github")
        logger.logLevel = .warning
        let deps = ServerDependencies(
            config: config, database: database, clock: ManualClock(now), ids: SequentialIncidentIDs(),
            environment: ["GH_SECRET": GitHubSender.secret, "ARGOCD_TOKEN": GitHubSender.argoToken], logger: logger, intakeHooks: [], redactor: try Redactor())
        let frozen = config
        try await withLiveServer(deps) { port in try await body(GitHubSender(port: port), database, frozen) }
    }

    @Test("Signed: 202 and one change; unsigned: 401; a bad signature: 403; neither stores anything")
    func signatures() async throws {
        try await Self.withServer { github, database, _ in
            let body = try IntakeFixture.bytes("github-deployment-status-success.json")
            let unsigned = try await github.send(body, delivery: "d-1", secret: nil)
            #expect(unsigned.status == 401)
            #expect(unsigned.body.contains("X-Hub-Signature-256"))
            let forged = try await github.send(body, delivery: "d-1", secret: "not the secret")
            #expect(forged.status == 403)
            var tampered = body
            tampered[tampered.count - 3] = UInt8(ascii: " ")
            var headers = [("X-GitHub-Event", "deployment_status"), ("X-GitHub-Delivery", "d-1")]
            headers.append(("X-Hub-Signature-256", GitHubSender.signature(body)))
            let moved = try await HTTPClient.shared.answer(
                "http://127.0.0.1:\(github.port)/hooks/github", method: .POST, body: tampered, headers: headers)
            #expect(moved.status == 403)
            #expect(try await database.changes().isEmpty)

            let signed = try await github.send(body, delivery: "d-1")
            #expect(signed.status == 202, "\(signed.body)")
            #expect(signed.json["status"] as? String == "accepted")
            #expect(signed.json["changes"] as? Int == 1)
            let changes = try await database.changes()
            #expect(changes.count == 1)
            #expect(changes.first?.event.headline == "deploy public-repo master to production by baxterthehacker")
            #expect(changes.first?.status == "success")
            #expect(changes.first?.deliveryID != nil)
            #expect(try await database.incidents().isEmpty)
        }
    }

    @Test("Deduplicated on X-GitHub-Delivery; the same status in a new delivery is still one change; ping is 2xx")
    func dedup() async throws {
        try await Self.withServer { github, database, _ in
            let body = try IntakeFixture.bytes("github-deployment-status-failure.json")
            #expect(try await github.send(body, delivery: "d-7").json["status"] as? String == "accepted")
            let again = try await github.send(body, delivery: "d-7")
            #expect(again.status == 202)
            #expect(again.json["status"] as? String == "duplicate")
            let redelivered = try await github.send(body, delivery: "d-8")
            #expect(redelivered.json["status"] as? String == "accepted")
            #expect(redelivered.json["changes"] as? Int == 0)
            let changes = try await database.changes()
            #expect(changes.count == 1)
            #expect(changes.first?.status == "failure")

            let ping = try await github.send(Array(#"{"zen":"Design for failure.","hook_id":12345678}"#.utf8), event: "ping", delivery: "p-1")
            #expect(ping.status == 202)
            #expect(try await database.changes().count == 1)
        }
    }

    @Test("Acceptance: a signed GitHub deployment and an Argo CD sync 10 minutes before an alert show on the incident page and in the postmortem timeline")
    func deploymentBeforeAlert() async throws {
        let alertAt = try #require(try Timestamp.parse("2026-11-27T11:42:14Z"))
        try await Self.withServer(now: alertAt) { github, database, config in
            let deploy = try await github.send(try GitHubSender.deployment(at: alertAt - 600), delivery: "d-accept")
            #expect(deploy.status == 202, "\(deploy.body)")
            // An unrelated service's deploy in the same minutes stays off this incident.
            var other = String(decoding: try GitHubSender.deployment(at: alertAt - 300, statusID: 99), as: UTF8.self)
            other = other.replacingOccurrences(of: "{\"service\": \"api\"}", with: "{\"service\": \"billing\"}")
            #expect(try await github.send(Array(other.utf8), delivery: "d-other").status == 202)
            // Argo CD syncs the same service's config a minute later (its template sets `service`).
            let sync = try IntakeFixture.text("argocd-sync-succeeded.json")
                .replacingOccurrences(of: "\"app\":\"guestbook\"", with: "\"app\":\"guestbook\",\"service\":\"api\",\"kind\":\"config\"")
            let unauthorised = try await HTTPClient.shared.answer(
                "http://127.0.0.1:\(github.port)/hooks/argocd", method: .POST, body: Array(sync.utf8))
            #expect(unauthorised.status == 401)
            let argo = try await HTTPClient.shared.answer(
                "http://127.0.0.1:\(github.port)/hooks/argocd", method: .POST, body: Array(sync.utf8),
                headers: [("Authorization", "Bearer \(GitHubSender.argoToken)")])
            #expect(argo.status == 202, "\(argo.body)")
            #expect(argo.json["changes"] as? Int == 1)

            // A hostile change is escaped wherever it is shown, and its script link dropped.
            let hostile = #"{"kind":"change","service":"api","version":"<img src=x onerror=alert(1)>","link":"javascript:alert(2)","time":"2026-11-27T11:40:00Z"}"#
            #expect(try await HTTPClient.shared.answer(
                "http://127.0.0.1:\(github.port)/hooks/generic", method: .POST, body: Array(hostile.utf8)).status == 202)

            let alert = #"{"key":"api-5xx","status":"firing","title":"api 5xx above 5%","service":"api","time":"2026-11-27T11:42:14Z"}"#
            let answer = try await HTTPClient.shared.answer(
                "http://127.0.0.1:\(github.port)/hooks/generic", method: .POST, body: Array(alert.utf8))
            #expect(answer.status == 202, "\(answer.body)")
            let incident = try #require(try await database.incidents().first)

            let expected = "deploy api master to production by baxterthehacker"
            let written = try await PostmortemGenerator(database: database, config: config, clock: ManualClock(alertAt + 60))
                .generate(incidentID: incident.id, editor: "test")
            let markdown = try String(contentsOfFile: written.path, encoding: .utf8)
            let timeline = try #require(markdown.range(of: "<!-- aftermath:begin timeline -->").flatMap { begin in
                markdown.range(of: "<!-- aftermath:end timeline -->", range: begin.upperBound..<markdown.endIndex).map {
                    String(markdown[begin.upperBound..<$0.lowerBound])
                }
            })
            #expect(timeline.contains("Change: \(expected), 10 min before the first symptom"), "\(timeline)")
            #expect(timeline.contains("2026-11-27 11:32:14"))
            #expect(!timeline.contains("billing"))
            #expect(timeline.contains("Change: config api v1.2.3 (4773b9f) to production by alice, 10 min before the first symptom"), "\(timeline)")

            _ = try await SiteBuilder(config: config, database: database).build()
            let page = try String(contentsOfFile: config.siteDirectory + "/" + SitePaths.incident(incident.id), encoding: .utf8)
            #expect(page.contains("<span class=\"text\">\(expected)</span>, <strong class=\"relative\">10 min before the first symptom</strong>"))
            #expect(page.contains("<time datetime=\"2026-11-27T11:32:14Z\">2026-11-27 11:32:14 UTC</time>"))
            #expect(!page.contains("deploy billing"))
            #expect(page.contains("config api v1.2.3 (4773b9f) to production by alice</span>, <strong class=\"relative\">10 min before the first symptom</strong>"))
            #expect(page.contains("href=\"https://argocd.example.com/applications/guestbook\""))
            #expect(page.contains("deploy api &lt;img src=x onerror=alert(1)&gt;"))
            #expect(!page.contains("<img src=x") && !page.contains("javascript:alert(2)"))
            #expect(timeline.contains("Change: deploy api \\<img src=x onerror=alert(1)\\>, 2 min before the first symptom"), "\(timeline)")

            // The service's own page: its changes and its incident on one time line, newest first.
            let timelinePage = try String(contentsOfFile: config.siteDirectory + "/" + SitePaths.serviceTimeline("api"), encoding: .utf8)
            let incidentAt = try #require(timelinePage.range(of: ">api 5xx above 5%</a>"))
            let deployAt = try #require(timelinePage.range(of: "<span class=\"text\">\(expected)</span>"))
            #expect(incidentAt.lowerBound < deployAt.lowerBound)
            #expect(timelinePage.contains("3 change(s)"))
            #expect(!timelinePage.contains("billing"))
            // A service with changes and no incident is listed too, with its own time line.
            let services = try String(contentsOfFile: config.siteDirectory + "/" + SitePaths.services, encoding: .utf8)
            #expect(services.contains("href=\"\(SitePaths.serviceTimeline("billing"))\""))
            let billing = try String(contentsOfFile: config.siteDirectory + "/" + SitePaths.serviceTimeline("billing"), encoding: .utf8)
            #expect(billing.contains("deploy billing master to production by baxterthehacker"))
        }
    }

    @Test("A generic change is stored redacted, opens no incident, and a redelivery is a duplicate")
    func genericChangeRedacted() async throws {
        let archive = try TestArchive()
        let body = #"{"kind":"change","service":"api","change":"feature-flag","version":"checkout-v2 DB_PASSWORD=Xy7;kChgTailQ","actor":"alice","link":"https://deploy:Pw9xChgQ@ci.internal/run/1","event_id":"flag-1"}"#
        try await archive.withClient { client in
            let (status, answer) = try await client.post("/hooks/generic", Array(body.utf8))
            #expect(status == .accepted)
            #expect(answer["changes"] as? Int == 1)
            #expect((answer["incidents"] as? [Any])?.isEmpty == true)
            let (_, again) = try await client.post("/hooks/generic", Array(body.utf8))
            #expect(again["status"] as? String == "duplicate")
        }
        let found = ArchiveGrep.find(["kChgTailQ", "Pw9xChgQ"], under: [archive.config.archiveDirectory])
        #expect(found.isEmpty, "secrets stored: \(found)")
        let change = try #require(try await archive.database.changes(service: "api").first)
        #expect(change.kind == .featureFlag)
        #expect(change.version.hasPrefix("checkout-v2 "))
        #expect(change.link?.contains("[REDACTED") == true)
        #expect(try await archive.database.incidents().isEmpty)
    }
}
