import AftermathCore
@testable import Archive
import Foundation
import Postmortem
import Testing

/// The postmortem events queued for `notify:` targets, in the transaction that records the write or
/// the failure: ready once (the first write only), overdue once per streak of failed writes.
@Suite("Postmortem notifications")
struct PostmortemNotificationTests {
    let t0 = PostmortemWorld.t0

    func scheduler(_ world: PostmortemWorld) throws -> PostmortemScheduler {
        var generator = try world.generator()
        generator.notifications = PostmortemNotifications(
            routing: NotificationRouting(targets: [.postmortemReady: ["chat", "bot"], .postmortemOverdue: ["chat"]]),
            incidentLink: { "https://pm.example.com/incident/\($0).html" })
        return PostmortemScheduler(generator: generator, schedule: world.schedule, clock: world.clock, pollInterval: 0.05)
    }

    @Test("The first provisional postmortem queues postmortem_ready for each target once; a failing write queues postmortem_overdue once per streak")
    func readyAndOverdue() async throws {
        let world = try PostmortemWorld(deadline: 60)
        world.clock.set(t0 + 30)
        let id = try #require(try await world.record([PostmortemWorld.signal(title: "Checkout down")]).changes.first?.incidentID)
        let scheduler = try scheduler(world)
        world.clock.set(t0 + 91)
        #expect(try await scheduler.writeDue().map(\.incidentID) == [id])
        let file = try #require(try await world.database.postmortem(incidentID: id)?.file)
        var queued = try await world.database.notifications(incidentID: id)
        #expect(queued.map(\.target) == ["chat", "bot"])
        #expect(queued.allSatisfy { $0.event == .postmortemReady && $0.state == .pending })
        #expect(queued.first?.text == "Provisional postmortem ready for Checkout down (\(id)): \(file)")
        #expect(queued.first?.link == "https://pm.example.com/incident/\(id).html")

        // A refresh is not a new provisional postmortem.
        try await world.database.writer.write { db in try db.execute(sql: "UPDATE postmortem SET due_at = ?", arguments: [t0 + 92]) }
        world.clock.set(t0 + 92)
        #expect(try await scheduler.writeDue().count == 1)
        #expect(try await world.database.notifications(incidentID: id).count == 2)

        // A person breaks the front matter: the due write fails, twice; one overdue notification.
        try await world.write(id, "---\ntitle: [unclosed\n---\n# x\n")
        try await world.database.writer.write { db in try db.execute(sql: "UPDATE postmortem SET due_at = ?", arguments: [t0 + 93]) }
        world.clock.set(t0 + 93)
        #expect(try await scheduler.writeDue().isEmpty)
        world.clock.set(t0 + 93 + 300)
        #expect(try await scheduler.writeDue().isEmpty)
        #expect(try await world.database.postmortem(incidentID: id)?.attempts == 2)
        queued = try await world.database.notifications(incidentID: id)
        let overdue = queued.filter { $0.event == .postmortemOverdue }
        #expect(overdue.map(\.target) == ["chat"])
        let text = try #require(overdue.first?.text)
        #expect(text.hasPrefix("Postmortem for Checkout down (\(id)) is overdue (due \(Timestamp.format(t0 + 93))): writing it failed: "), "\(text)")
        #expect(text.contains("front matter cannot be read"))
        #expect(text.hasSuffix("retrying at \(Timestamp.format(t0 + 93 + 300))"))
    }

    @Test("A postmortem a person generates by hand notifies nobody")
    func byHandIsSilent() async throws {
        let world = try PostmortemWorld()
        world.clock.set(t0 + 30)
        let id = try #require(try await world.record([PostmortemWorld.signal(title: "Checkout down")]).changes.first?.incidentID)
        _ = try await world.generator().generate(incidentID: id, editor: "alice")
        #expect(try await world.database.notifications().isEmpty)
    }
}
