import AftermathCore
import Archive
import Foundation
import GRDB
import Postmortem
import Testing

/// `incident note / ack / resolve`: timeline events, status changes, and hooks in one transaction.
@Suite("Incident actions")
struct IncidentActionTests {
    let t0 = PostmortemWorld.t0

    @Test("Note, acknowledge and resolve write timeline events and move the status; resolve runs the hooks")
    func lifecycle() async throws {
        let world = try PostmortemWorld()
        let id = try #require(try await world.record([PostmortemWorld.signal(title: "api down")]).changes.first?.incidentID)

        let note = try await world.database.addNote(incidentID: id, text: "looking\nat it", author: "alice", source: "cli", at: t0 + 60, hooks: world.hooks)
        #expect(note.event?.kind == .note)
        #expect(note.event?.text == "looking at it")
        #expect(note.event?.actor == "alice")

        let ack = try await world.database.acknowledge(incidentID: id, actor: "alice", source: "cli", at: t0 + 120, hooks: world.hooks)
        #expect(ack.incident.status == .acknowledged)
        #expect(ack.incident.acknowledgedAt == t0 + 120)
        #expect(ack.change.acknowledged)
        let again = try await world.database.acknowledge(incidentID: id, actor: "bob", source: "cli", at: t0 + 130, hooks: world.hooks)
        #expect(again.event == nil, "acknowledging twice changes nothing")

        let resolved = try await world.database.resolve(incidentID: id, actor: "alice", source: "cli", at: t0 + 600, hooks: world.hooks)
        #expect(resolved.incident.status == .resolved)
        #expect(resolved.incident.resolvedAt == t0 + 600)
        #expect(try await world.database.captures(incidentID: id).map(\.kind).last == .closing, "capture planned its closing capture")
        #expect(try await world.database.postmortem(incidentID: id)?.dueReason == .settled)

        let detail = try #require(try await world.database.incident(id: id))
        #expect(detail.timeline.map(\.kind) == [.opened, .note, .acknowledged, .resolved])
        #expect(detail.timeline.last?.text == "Resolved by alice (cli)")
        #expect(try await world.database.resolve(incidentID: id, actor: nil, source: "cli", at: t0 + 700).event == nil)
    }

    @Test("Refusals: unknown incident, empty or overlong note, acknowledging a resolved incident; a failing hook rolls everything back")
    func refusals() async throws {
        let world = try PostmortemWorld()
        let id = try #require(try await world.record([PostmortemWorld.signal(title: "x")]).changes.first?.incidentID)
        await #expect(throws: IncidentActionError.unknownIncident("nope")) {
            try await world.database.addNote(incidentID: "nope", text: "x", author: nil, source: "cli", at: t0)
        }
        await #expect(throws: IncidentActionError.emptyNote) {
            try await world.database.addNote(incidentID: id, text: " \n\t ", author: nil, source: "cli", at: t0)
        }
        await #expect(throws: IncidentActionError.noteTooLong(characters: 4001, limit: 4000)) {
            try await world.database.addNote(incidentID: id, text: String(repeating: "x", count: 4001), author: nil, source: "cli", at: t0)
        }
        struct HookFailed: Error {}
        await #expect(throws: HookFailed.self) {
            try await world.database.resolve(incidentID: id, actor: nil, source: "cli", at: t0 + 5, hooks: [{ _, _ in throw HookFailed() }])
        }
        #expect(try await world.database.incident(id: id)?.incident.status == .triggered, "the failed resolve left nothing behind")
        _ = try await world.database.resolve(incidentID: id, actor: nil, source: "cli", at: t0 + 10)
        await #expect(throws: IncidentActionError.alreadyResolved(id)) {
            try await world.database.acknowledge(incidentID: id, actor: nil, source: "cli", at: t0 + 20)
        }
    }
}
