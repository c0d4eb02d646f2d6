import AftermathCore
import Archive
import Foundation
import Postmortem
import Testing

/// The incident most postmortem tests use: the Alertmanager fixture's HighErrorRate on checkout,
/// with an opening capture (a log with a first error and a burst, the alert's own series, a
/// diagnostic command), an acknowledgement, a note, and resolution after 19 minutes.
enum CheckoutScenario {
    static let t0 = PostmortemWorld.t0
    static let expression = #"sum by(service)(rate(http_requests_total{code=~"5.."}[5m])) > 0.05"#

    /// Builds the incident; returns its id. The clock ends at t0 + 20m.
    static func build(_ world: PostmortemWorld) async throws -> String {
        world.clock.set(t0 + 30)
        let opened = try await world.deliver(.alertmanager, try world.alertmanagerFiring())
        let id = try #require(opened.changes.first?.incidentID)

        world.clock.set(t0 + 60)
        var lines: [(TimeInterval, String)] = [
            (-300, "INFO checkout started version=v42"),
            (-240, "ERROR payment gateway timeout after 5000ms order=A-1"),
        ]
        for i in 0..<12 { lines.append((-200 + Double(i) * 4, "ERROR upstream connect error or disconnect/reset before headers (attempt \(i + 1))")) }
        lines.append((-100, "WARN retrying payment with backoff"))
        try await world.capture(id, window: DateInterval(start: t0 - 1800, end: t0 + 60), items: [
            PostmortemWorld.log("/var/log/checkout/app.log", lines),
            PostmortemWorld.alertSeries("HighErrorRate", expression: expression, [(-600, 0.01), (-300, 0.02), (-180, 0.073), (-60, 0.09), (0, 0.1)]),
            PostmortemWorld.command("uptime", " 11:43:14 up 12 days,  3:04,  0 users,  load average: 3.10, 2.80, 2.50"),
        ])

        world.clock.set(t0 + 300)
        _ = try await world.database.acknowledge(incidentID: id, actor: "alice", source: "api", at: world.clock.now(), hooks: world.hooks)
        world.clock.set(t0 + 420)
        _ = try await world.database.addNote(
            incidentID: id, text: "Rolled back checkout to v41 | see <b>#123</b> and `kubectl rollout`", author: "bob",
            source: "cli", at: world.clock.now(), hooks: world.hooks)
        world.clock.set(t0 + 1200)
        try await world.deliver(.alertmanager, try world.alertmanagerResolved(endsAt: t0 + 1140))
        return id
    }

    /// The closing capture that arrives after the first postmortem was written.
    static func closingCapture(_ world: PostmortemWorld, _ id: String) async throws -> [String] {
        try await world.capture(id, kind: .closing, window: DateInterval(start: t0 - 1800, end: t0 + 1740), items: [
            PostmortemWorld.log("/var/log/checkout/worker.log", [(900, "FATAL worker pool exhausted"), (1000, "INFO recovered")], host: "web-2"),
            PostmortemWorld.command("df -h", "Filesystem Size Used Avail Use% Mounted on\n/dev/sda1 50G 49G 1G 98% /"),
        ])
    }
}
