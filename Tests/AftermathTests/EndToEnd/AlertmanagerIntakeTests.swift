import AftermathCore
@testable import Archive
import AsyncHTTPClient
import Foundation
import GRDB
import Logging
import Redaction
import Server
import Settings
import Testing

extension EndToEnd {
    /// A real Alertmanager (Debian package) sends to the real server with a bearer token.
    @Suite("Real Alertmanager → aftermath", .serialized)
    struct AlertmanagerIntakeTests {
        @Test("firing opens one incident, resolved resolves it; repeats, retries and an HA peer don't duplicate")
        func alertmanagerEndToEnd() async throws {
            let dir = try TemporaryDirectory("am-e2e")
            let token = "am-\(UUID().uuidString)"
            let tokenFile = try dir.write("secrets/token", token)
            var config = AftermathConfig()
            config.archiveDirectory = dir.file("archive")
            config.sources[.alertmanager] = SourceConfig(bearerToken: SecretReference(key: "t", origin: .file(tokenFile)))
            let database = try AppDatabase(directory: config.archiveDirectory)
            var logger = Logger(label: "am-e2e")
            logger.logLevel = .warning
            // The first commit fails: the server answers 503 and Alertmanager must retry.
            let flaky = FailFirst()
            let deps = ServerDependencies(
                config: config, database: database, ids: SequentialIncidentIDs(), environment: [:], logger: logger,
                intakeHooks: [{ _, _ in try flaky.check() }], redactor: try Redactor())
            let client = HTTPClient.shared

            try await withLiveServer(deps) { port in
                let amConfig = """
                    route:
                      receiver: aftermath
                      group_by: [alertname]
                      group_wait: 1s
                      group_interval: 1s
                      repeat_interval: 3s
                    receivers:
                      - name: aftermath
                        webhook_configs:
                          - url: http://127.0.0.1:\(port)/hooks/alertmanager
                            send_resolved: true
                            http_config:
                              authorization:
                                type: Bearer
                                credentials_file: \(tokenFile)
                    """
                let am1 = try await AlertmanagerProcess(name: "am-1", config: amConfig, directory: dir, externalURL: "http://am-1.test:9093/", client: client)
                let am2 = try await AlertmanagerProcess(name: "am-2", config: amConfig, directory: dir, externalURL: "http://am-2.test:9093/", client: client)
                defer { am1.process.stop(); am2.process.stop() }

                // Prometheus-style alerts: the same two alerts reach both peers.
                let startsAt = Timestamp.format(Date().addingTimeInterval(-120))
                func alerts(endsAt: Date) -> [[String: Any]] {
                    ["disk-a", "disk-b"].map { host in
                        [
                            "labels": ["alertname": "DiskFull", "instance": host, "service": "storage", "severity": "critical"],
                            "annotations": ["summary": "Disk almost full on storage"],
                            "startsAt": startsAt,
                            "endsAt": Timestamp.format(endsAt),
                            "generatorURL": "http://prometheus.test:9090/graph?g0.expr=disk_free%3C0.05&g0.tab=1",
                        ]
                    }
                }
                try await am1.post(alerts: alerts(endsAt: Date().addingTimeInterval(3600)), client: client)
                try await am2.post(alerts: alerts(endsAt: Date().addingTimeInterval(3600)), client: client)

                // Firing: one incident, even though both peers notified and the first attempt got 503.
                // A peer's first flush may hold one alert or both (its timing is its own): what
                // must hold is one incident that ends up with each alert once.
                _ = try await Wait.until("both peers to notify successfully", timeout: 60) {
                    am1.successfulNotifications >= 1 && am2.successfulNotifications >= 1 ? true : nil
                }
                #expect(flaky.failures == 1, "the server should have answered 503 once")
                let firing = try await Wait.until("one incident with both alerts firing", timeout: 60) { () -> IncidentDetail? in
                    let list = try await database.incidents()
                    guard list.count == 1, let detail = try await database.incident(id: list[0].id) else { return nil }
                    return detail.alerts.count == 2 ? detail : nil
                }
                #expect(firing.incident.status == .triggered)
                #expect(firing.alerts.allSatisfy { $0.status == .firing })
                #expect(firing.timeline.filter { $0.kind == .alertFiring }.count == 2)

                // Repeats (repeat_interval 3s) from both peers arrive and change nothing; no
                // notification is stored twice (an HA peer's copy is the same delivery).
                let sent = (am1.successfulNotifications, am2.successfulNotifications)
                _ = try await Wait.until("a repeat notification from each peer", timeout: 30) {
                    am1.successfulNotifications > sent.0 && am2.successfulNotifications > sent.1 ? true : nil
                }
                let afterRepeats = try #require(try await database.incident(id: firing.incident.id))
                #expect(try await database.incidents().count == 1)
                #expect(afterRepeats.alerts == firing.alerts)
                #expect(afterRepeats.timeline == firing.timeline)
                let stored = try await notificationContents(database)
                #expect(Set(stored).count == stored.count, "a notification was stored twice: \(stored)")
                #expect(am1.successfulNotifications + am2.successfulNotifications > stored.count,
                        "some notifications must have been recognised as already stored")

                // Resolve: both peers learn the alerts ended.
                try await am1.post(alerts: alerts(endsAt: Date().addingTimeInterval(-1)), client: client)
                try await am2.post(alerts: alerts(endsAt: Date().addingTimeInterval(-1)), client: client)
                let resolved = try await Wait.until("the incident to resolve", timeout: 60) {
                    let list = try await database.incidents()
                    return list.count == 1 && list[0].status == .resolved ? list[0] : nil
                }
                let detail = try #require(try await database.incident(id: resolved.id))
                #expect(detail.incident.title == "Disk almost full on storage")
                #expect(detail.incident.severity == .critical)
                #expect(detail.incident.services == ["storage"])
                #expect(detail.alerts.count == 2)
                #expect(detail.alerts.allSatisfy { $0.status == .resolved && $0.endsAt != nil })
                #expect(detail.timeline.filter { $0.kind == .alertFiring }.count == 2)
                #expect(detail.timeline.filter { $0.kind == .alertResolved }.count == 2)
                #expect(detail.timeline.filter { $0.kind == .resolved }.count == 1)
                #expect(try await database.incidents().count == 1)
            }
        }
    }
}

/// Fails the first intake transaction only.
final class FailFirst: @unchecked Sendable {
    struct InjectedFailure: Error {}
    private let lock = NSLock()
    private var calls = 0

    func check() throws {
        let n = lock.withLock { calls += 1; return calls }
        if n == 1 { throw InjectedFailure() }
    }

    var failures: Int { lock.withLock { min(calls, 1) } }
}

/// What each stored delivery says, one line each: status and the sorted (fingerprint-ish
/// instance, status, startsAt, endsAt) of its alerts — the notification, without the sender's URL.
func notificationContents(_ database: AppDatabase) async throws -> [String] {
    try await deliveryBodies(database).map { line in
        guard let brace = line.firstIndex(of: "{"),
              let object = try? JSONSerialization.jsonObject(with: Data(line[brace...].utf8)) as? [String: Any] else { return line }
        let alerts = (object["alerts"] as? [[String: Any]] ?? []).map { alert in
            let labels = alert["labels"] as? [String: Any] ?? [:]
            return "\(labels["instance"] ?? "?") \(alert["status"] ?? "?") \(alert["startsAt"] ?? "?") \(alert["endsAt"] ?? "?")"
        }.sorted()
        return "\(object["status"] ?? "?"): " + alerts.joined(separator: "; ")
    }
}

/// Every stored delivery's body, for failure messages.
func deliveryBodies(_ database: AppDatabase) async throws -> [String] {
    try await database.writer.read { db in
        try String.fetchAll(db, sql: "SELECT id || ' ' || disposition || ' ' || CAST(body AS TEXT) FROM delivery ORDER BY id")
    }
}
