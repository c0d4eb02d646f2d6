import AftermathCore
import Archive
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Server
import Settings
import Testing

/// `GET /metrics` through the router: the Prometheus text format, the API's credentials rule, and
/// the figures it reads from the archive at scrape time.
@Suite("/metrics route")
struct MetricsRouteTests {
    func scrape(_ client: any TestClientProtocol, headers: HTTPFields = [:]) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: "/metrics", method: .get, headers: headers) { ($0.status, String(buffer: $0.body)) }
    }

    @Test("On loopback without an API token: 200, the text format, deliveries by source and outcome, job states, due postmortems")
    func loopback() async throws {
        let archive = try TestArchive()
        let body = try Fixtures.webhook("alertmanager-firing.json")
        try await archive.withClient { client in
            #expect(try await client.post("/hooks/alertmanager", body).0 == .accepted)
            #expect(try await client.post("/hooks/alertmanager", body).0 == .accepted)
            #expect(try await client.post("/hooks/nagios", body).0 == .notFound)
            let (status, text) = try await scrape(client)
            #expect(status == .ok)
            #expect(text.contains("# TYPE aftermath_webhook_deliveries_total counter"))
            #expect(text.contains("aftermath_webhook_deliveries_total{source=\"alertmanager\",outcome=\"accepted\"} 1\n"))
            #expect(text.contains("aftermath_webhook_deliveries_total{source=\"alertmanager\",outcome=\"duplicate\"} 1\n"))
            #expect(text.contains("aftermath_webhook_deliveries_total{source=\"unknown\",outcome=\"unknown_source\"} 1\n"))
            // The redelivery is recognised before it reaches the committer: one commit, not two.
            #expect(text.contains("aftermath_intake_commit_duration_seconds_count 1\n"))
            #expect(text.contains("aftermath_capture_jobs{state=\"queued\"} 0.0\n"))
            #expect(text.contains("aftermath_postmortems_due 0.0\n"))
            #expect(text.contains("aftermath_postmortems_overdue 0.0\n"))
            #expect(text.contains("aftermath_archive_size_bytes "))
        }
    }

    @Test("With api.bearer_token_*: 401 without credentials, 403 with wrong ones, 200 with the token")
    func token() async throws {
        let dir = try TemporaryDirectory()
        var config = AftermathConfig()
        config.api.bearerToken = SecretReference(key: "api.bearer_token_file", origin: .file(try dir.write("api.token", "scrape-me\n")))
        let archive = try TestArchive(config: config)
        try await archive.withClient { client in
            #expect(try await scrape(client).0 == .unauthorized)
            #expect(try await scrape(client, headers: [.authorization: "Bearer nope"]).0 == .forbidden)
            let (status, text) = try await scrape(client, headers: [.authorization: "Bearer scrape-me"])
            #expect(status == .ok)
            #expect(text.contains("aftermath_archive_size_bytes"))
        }
    }

    @Test("Beyond loopback without an API token: 403, like the notes API")
    func beyondLoopback() async throws {
        var config = AftermathConfig()
        config.server.host = "0.0.0.0"
        for source in WebhookSource.allCases { config.sources[source] = SourceConfig(enabled: false) }
        let archive = try TestArchive(config: config)
        try await archive.withClient { client in
            let (status, text) = try await scrape(client)
            #expect(status == .forbidden)
            #expect(text.contains("api.bearer_token_file"))
        }
    }

    @Test("Postmortems due and overdue, capture jobs by state, read from the archive")
    func archiveFigures() async throws {
        let archive = try TestArchive()
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let figures0 = try await archive.database.metrics(now: now)
        #expect(figures0.jobs == [.queued: 0, .running: 0, .done: 0, .failed: 0])
        let body = try Fixtures.webhook("alertmanager-firing.json")
        try await archive.withClient { client in
            let (status, _) = try await client.post("/hooks/alertmanager", body)
            #expect(status == .accepted)
        }
        let id = try #require(try await archive.database.incidents().first?.id)
        try await archive.database.withIntakeTransaction(now: now) { transaction in
            try transaction.schedulePostmortem(incidentID: id, dueAt: now.addingTimeInterval(-60), reason: .deadline)
        }
        let figures = try await archive.database.metrics(now: now)
        #expect(figures.postmortemsDue == 1)
        #expect(figures.postmortemsOverdue == 1)
        let earlier = try await archive.database.metrics(now: now.addingTimeInterval(-3600))
        #expect(earlier.postmortemsOverdue == 0)
        #expect(figures.bytes > 0)
    }
}
