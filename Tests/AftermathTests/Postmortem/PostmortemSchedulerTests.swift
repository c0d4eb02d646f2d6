import AftermathCore
@testable import Archive
import Foundation
import Postmortem
import Testing

/// Due times in SQLite, written by the scheduler on an injected clock.
@Suite("Postmortem scheduling")
struct PostmortemSchedulerTests {
    let t0 = PostmortemWorld.t0

    /// SQLite keeps milliseconds.
    func same(_ a: Date?, _ b: Date) -> Bool {
        guard let a else { return false }
        return abs(a.timeIntervalSince(b)) < 0.002
    }

    @Test("An incident still open at the deadline gets its provisional postmortem then, not before")
    func provisionalAtDeadline() async throws {
        let world = try PostmortemWorld()
        world.clock.set(t0 + 30)
        let id = try #require(try await world.deliver(.alertmanager, try world.alertmanagerFiring()).changes.first?.incidentID)
        let record = try #require(try await world.database.postmortem(incidentID: id))
        #expect(same(record.dueAt, t0 + 86_400))
        #expect(record.dueReason == .deadline)

        let scheduler = try world.scheduler()
        world.clock.set(t0 + 86_399)
        #expect(try await scheduler.writeDue().isEmpty)
        #expect(try await world.database.postmortem(incidentID: id)?.file == nil)

        world.clock.set(t0 + 86_400)
        let written = try await scheduler.writeDue()
        #expect(written.map(\.incidentID) == [id])
        let text = try await world.read(id)
        #expect(text.contains("resolved: \"\"\nduration: \"\"\n"))
        #expect(text.contains("| Incident status | triggered |"))
        let after = try #require(try await world.database.postmortem(incidentID: id))
        #expect(after.dueAt == nil)
        #expect(same(after.writtenAt, t0 + 86_400))
    }

    @Test("A server that was down across the deadline writes the postmortem when it starts")
    func catchUpAtStart() async throws {
        let world = try PostmortemWorld()
        world.clock.set(t0 + 30)
        let id = try #require(try await world.deliver(.alertmanager, try world.alertmanagerFiring()).changes.first?.incidentID)
        // The server is down; two days pass.
        world.clock.set(t0 + 2 * 86_400)
        // A poll interval of an hour: only the start-up catch-up can write it within the wait below.
        let scheduler = try world.scheduler(pollInterval: 3600)
        let path = try await Task {
            try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask { try await scheduler.run(); return nil }
                group.addTask {
                    try await Wait.until("the postmortem written at start-up", timeout: 20) {
                        try await world.database.postmortem(incidentID: id)?.writtenAt != nil ? try await world.path(id) : nil
                    }
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first
            }
        }.value
        #expect(FileManager.default.fileExists(atPath: try #require(path)))
        #expect(try await world.database.postmortem(incidentID: id)?.dueAt == nil)
    }

    @Test("Resolution schedules the postmortem after the settle time, in the same transaction as the closing capture")
    func settleAfterResolve() async throws {
        let world = try PostmortemWorld(settle: 600)
        world.clock.set(t0 + 30)
        let id = try #require(try await world.deliver(.alertmanager, try world.alertmanagerFiring()).changes.first?.incidentID)
        world.clock.set(t0 + 900)
        let outcome = try await world.database.resolve(incidentID: id, actor: "alice", source: "cli", at: world.clock.now(), hooks: world.hooks)
        #expect(outcome.change.resolved)
        #expect(same(try await world.database.postmortem(incidentID: id)?.dueAt, t0 + 900 + 600))
        #expect(try await world.database.captures(incidentID: id).map(\.kind) == [.opening, .closing])

        let scheduler = try world.scheduler()
        world.clock.set(t0 + 1499)
        #expect(try await scheduler.writeDue().isEmpty)
        world.clock.set(t0 + 1500)
        #expect(try await scheduler.writeDue().map(\.outcome) == [.created])
        let text = try await world.read(id)
        #expect(text.contains("resolved: \"2026-11-27T11:57:14.186Z\"\nduration: \"15m\"\n"))
        #expect(text.contains("| 2026-11-27 11:57:14 | Resolved by alice (cli) | cli |"))
    }

    @Test("A provisional postmortem is refreshed after the incident resolves, even past the deadline")
    func refreshAfterProvisional() async throws {
        let world = try PostmortemWorld(settle: 60, deadline: 3600)
        world.clock.set(t0 + 30)
        let id = try #require(try await world.deliver(.alertmanager, try world.alertmanagerFiring()).changes.first?.incidentID)
        let scheduler = try world.scheduler()
        world.clock.set(t0 + 3600)
        #expect(try await scheduler.writeDue().map(\.outcome) == [.created])
        #expect(try await world.read(id).contains("resolved: \"\"\n"))

        world.clock.set(t0 + 7200)
        try await world.deliver(.alertmanager, try world.alertmanagerResolved(endsAt: t0 + 7100))
        #expect(same(try await world.database.postmortem(incidentID: id)?.dueAt, t0 + 7100 + 60))
        world.clock.set(t0 + 7200)
        let refreshed = try await scheduler.writeDue()
        guard case .refreshed(let regions, let keys)? = refreshed.first?.outcome else {
            Issue.record("expected a refresh, got \(refreshed)")
            return
        }
        #expect(regions.contains("timeline") && regions.contains("header"))
        #expect(keys == ["resolved", "duration"])
        #expect(try await world.read(id).contains("resolved: \"2026-11-27T13:40:34.186Z\"\n"))
    }

    @Test("Incidents stored while no hook ran are scheduled at start-up (and written if overdue)")
    func backfill() async throws {
        let world = try PostmortemWorld()
        world.clock.set(t0 + 30)
        let outcome = try await world.deliver(.alertmanager, try world.alertmanagerFiring(), hooks: [])
        let id = try #require(outcome.changes.first?.incidentID)
        #expect(try await world.database.postmortem(incidentID: id) == nil)
        world.clock.set(t0 + 100_000)
        try await world.scheduler().catchUp()
        #expect(same(try await world.database.postmortem(incidentID: id)?.writtenAt, t0 + 100_000))
    }

    @Test("A failed write is recorded and retried later, without stopping the others")
    func failureRetried() async throws {
        let world = try PostmortemWorld(deadline: 60)
        world.clock.set(t0 + 30)
        let broken = try #require(try await world.record([PostmortemWorld.signal(title: "broken")]).changes.first?.incidentID)
        let fine = try #require(try await world.record([PostmortemWorld.signal(title: "fine")]).changes.first?.incidentID)
        let scheduler = try world.scheduler()
        world.clock.set(t0 + 91)
        #expect(try await scheduler.writeDue().count == 2)
        // A person breaks the front matter of one; both become due again.
        try await world.write(broken, "---\ntitle: [unclosed\n---\n# x\n")
        try await world.database.writer.write { db in try db.execute(sql: "UPDATE postmortem SET due_at = ?", arguments: [t0 + 92]) }
        world.clock.set(t0 + 92)
        let written = try await scheduler.writeDue()
        #expect(written.map(\.incidentID) == [fine])
        let record = try #require(try await world.database.postmortem(incidentID: broken))
        #expect(record.attempts == 1)
        #expect(record.lastError?.contains("front matter cannot be read") == true)
        #expect(same(record.dueAt, t0 + 92 + 300))
    }
}
