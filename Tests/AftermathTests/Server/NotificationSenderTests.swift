import AftermathCore
import Archive
import AsyncHTTPClient
import Foundation
import Logging
import Server
import Settings
import Testing

/// Outgoing notifications against a real local receiver: retried with backoff through failures,
/// accepted once, given up on with the reason, recorded on the timeline, the URL never recorded.
@Suite("Notification sender")
struct NotificationSenderTests {
    /// An archive holding one open incident (`title`), opened through the generic webhook route.
    static func archiveWithIncident(title: String = "Checkout <errors> & timeouts") async throws -> (TestArchive, String) {
        let archive = try TestArchive()
        let body = Array(#"{"key":"checkout-errors","status":"firing","title":"\#(title)","services":["checkout"]}"#.utf8)
        try await archive.withClient { client in
            let (status, _) = try await client.post("/hooks/generic", body)
            #expect(status == .accepted)
        }
        let incident = try #require(try await archive.database.incidents().first)
        return (archive, incident.id)
    }

    static func target(_ url: String, format: NotifyTarget.Format = .json, maxAttempts: Int = 5) -> NotifyTarget {
        var target = NotifyTarget(name: "oncall-bot", destination: .inline(url), format: format)
        target.retryAfter = 0.05
        target.maxAttempts = maxAttempts
        target.timeout = 5
        return target
    }

    /// Runs `sender` until `condition` holds (or times out), then stops it.
    static func running<T>(_ sender: NotificationSender, until what: String, _ condition: @escaping () async throws -> T?) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await sender.run() }
            defer { group.cancelAll() }
            return try await Wait.until(what, timeout: 30, interval: 0.05, condition)
        }
    }

    /// Closes a client the test made (its event loops are shared; this only ends its pool).
    static func close(_ client: HTTPClient) {
        client.shutdown { _ in }
    }

    static func sender(_ archive: TestArchive, _ targets: [NotifyTarget], client: HTTPClient, environment: [String: String] = [:]) -> NotificationSender {
        var logger = Logger(label: "notify-test")
        logger.logLevel = .critical
        return NotificationSender(
            database: archive.database, targets: targets, client: client, clock: SystemClock(), environment: environment,
            logger: logger, pollInterval: 0.2)
    }

    @Test("A receiver answering 500 twice, then 200, gets the notification exactly once accepted; the timeline records it")
    func retriesUntilAccepted() async throws {
        let (archive, id) = try await Self.archiveWithIncident()
        let client = Pipeline.makeCollectorHTTPClient()
        defer { Self.close(client) }
        try await NotificationReceiver.run(answer: { $0 <= 2 ? .status(.internalServerError, body: "try later") : .status(.ok) }) { url, log in
            try await archive.database.enqueueNotifications([OutboxEntry(
                target: "oncall-bot", event: .statuspageReminder, eventKey: "reminder-1", incidentID: id,
                text: "Status page still open", link: "https://postmortems.example.com/incident/\(id).html")], now: Date())
            let sender = Self.sender(archive, [Self.target(url)], client: client)
            let sent = try await Self.running(sender, until: "the notification to be sent") {
                try await archive.database.notifications().first { $0.state == .sent }
            }
            #expect(sent.attempts == 3)
            let requests = await log.requests
            #expect(requests.map(\.answered) == [500, 500, 200])
            let accepted = await log.accepted
            #expect(accepted.count == 1)
            let json = try #require(accepted.first?.json)
            #expect(json["event"] as? String == "statuspage_reminder")
            #expect(json["text"] as? String == "Status page still open")
            #expect(json["link"] as? String == "https://postmortems.example.com/incident/\(id).html")
            let incident = try #require(json["incident"] as? [String: Any])
            #expect(incident["id"] as? String == id)
            #expect(incident["title"] as? String == "Checkout <errors> & timeouts")
            #expect(accepted.first?.headers["content-type"] == "application/json")
        }
        let timeline = try #require(try await archive.database.incident(id: id)).timeline
        #expect(timeline.filter { $0.kind == .notification }.map(\.text) == ["Notification sent to oncall-bot (statuspage_reminder) after 3 attempts"])
    }

    @Test("After max_attempts failures the notification is given up on, with the receiver's answer on the timeline")
    func givesUpWithReason() async throws {
        let (archive, id) = try await Self.archiveWithIncident()
        let client = Pipeline.makeCollectorHTTPClient()
        defer { Self.close(client) }
        try await NotificationReceiver.run(answer: { _ in .status(.badGateway, body: "upstream chat is down") }) { url, log in
            try await archive.database.enqueueNotifications([OutboxEntry(
                target: "oncall-bot", event: .postmortemReady, eventKey: "ready-1", incidentID: id, text: "ready", link: nil)], now: Date())
            let sender = Self.sender(archive, [Self.target(url, maxAttempts: 3)], client: client)
            let failed = try await Self.running(sender, until: "the notification to be given up") {
                try await archive.database.notifications().first { $0.state == .failed }
            }
            #expect(failed.attempts == 3)
            #expect(failed.lastError == "HTTP 502: upstream chat is down")
            let requests = await log.requests
            #expect(requests.count == 3)
            // Every body has every key: the absent link is `null`, not left out.
            #expect(requests.first?.json["link"] is NSNull, "\(String(describing: requests.first?.json))")
        }
        let timeline = try #require(try await archive.database.incident(id: id)).timeline
        #expect(timeline.filter { $0.kind == .notification }.map(\.text)
            == ["Notification to oncall-bot (postmortem_ready) failed after 3 attempts: HTTP 502: upstream chat is down"])
    }

    @Test("Slack format: {\"text\"} with the title's <, > and & escaped and the link in Slack's syntax; the URL from its file is never recorded")
    func slackFormatAndSecretURL() async throws {
        let (archive, id) = try await Self.archiveWithIncident(title: "<!channel> checkout")
        let client = Pipeline.makeCollectorHTTPClient()
        defer { Self.close(client) }
        try await NotificationReceiver.run(answer: { _ in .status(.ok) }) { url, log in
            // The secret is the path, as in a Slack webhook URL; first a port nothing listens on.
            let closed = "http://127.0.0.1:\(try FreePort.pick())/services/T000/B000/SECRETPATH"
            let file = archive.directory.file("slack.url")
            try closed.write(toFile: file, atomically: true, encoding: .utf8)
            var target = NotifyTarget(
                name: "oncall-slack", destination: .secret(SecretReference(key: "notify[0].url_file", origin: .file(file))), format: .slack)
            target.retryAfter = 0.05
            target.maxAttempts = 2
            try await archive.database.enqueueNotifications([OutboxEntry(
                target: "oncall-slack", event: .postmortemReady, eventKey: "ready-1", incidentID: id,
                text: "Provisional postmortem ready for <!channel> checkout (\(id))", link: "https://pm.example.com/incident/\(id).html")],
                now: Date())
            let failed = try await Self.running(Self.sender(archive, [target], client: client), until: "the attempts to a closed port to fail") {
                try await archive.database.notifications().first { $0.state == .failed }
            }
            let error = try #require(failed.lastError)
            #expect(!error.contains("SECRETPATH"), "\(error)")
            let timeline = try #require(try await archive.database.incident(id: id)).timeline
            #expect(!timeline.contains { $0.text.contains("SECRETPATH") })

            // The same event, now to the live receiver.
            try url.write(toFile: file, atomically: true, encoding: .utf8)
            try await archive.database.enqueueNotifications([OutboxEntry(
                target: "oncall-slack", event: .postmortemReady, eventKey: "ready-2", incidentID: id,
                text: "Provisional postmortem ready for <!channel> checkout (\(id))", link: "https://pm.example.com/incident/\(id).html")],
                now: Date())
            _ = try await Self.running(Self.sender(archive, [target], client: client), until: "the Slack message") {
                try await archive.database.notifications().first { $0.state == .sent }
            }
            let body = try #require(await log.accepted.first?.json)
            #expect(body.keys.sorted() == ["text"])
            #expect(body["text"] as? String
                == "Provisional postmortem ready for &lt;!channel&gt; checkout (\(id))\n<https://pm.example.com/incident/\(id).html|incident page>")
        }
    }

    @Test("A notification whose target is no longer configured is given up on at once, saying so")
    func removedTarget() async throws {
        let (archive, id) = try await Self.archiveWithIncident()
        let client = Pipeline.makeCollectorHTTPClient()
        defer { Self.close(client) }
        try await archive.database.enqueueNotifications([OutboxEntry(
            target: "old-bot", event: .postmortemReady, eventKey: "ready-1", incidentID: id, text: "ready", link: nil)], now: Date())
        let failed = try await Self.running(Self.sender(archive, [], client: client), until: "the row to be given up") {
            try await archive.database.notifications().first { $0.state == .failed }
        }
        #expect(failed.attempts == 0)
        #expect(failed.lastError == "no notify target named 'old-bot' is configured any more")
    }
}
