import AftermathCore
import Archive
import Foundation
import Testing

extension EndToEnd {
    /// `aftermath incident ack / note / resolve` as an operator types them: what each prints, and
    /// what lands on the timeline.
    @Suite("aftermath incident ack, note and resolve")
    struct IncidentActionCLITests {
        @Test("ack, ack again, note (redacted, one line), resolve, resolve again; unknown ids are errors")
        func operatorActions() async throws {
            let world = try PostmortemWorld()
            let id = try #require(try await world.record([PostmortemWorld.signal(title: "api down")]).changes.first?.incidentID)
            let archive = ["--archive", world.config.archiveDirectory]
            let timestamp = #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"#

            let ack = try runAftermath(["incident", "ack", id, "--author", "dave"] + archive)
            #expect(ack.status == 0, "\(ack.stderr)")
            #expect(ack.stdout.wholeMatch(of: try Regex("acknowledged \(id) at \(timestamp)\n")) != nil, "\(ack.stdout)")
            let again = try runAftermath(["incident", "ack", id] + archive)
            #expect(again.stdout.wholeMatch(of: try Regex("\(id) was already acknowledged at \(timestamp); nothing changed\n")) != nil, "\(again.stdout)")

            let note = try runAftermath(["incident", "note", id, "rolled back\npassword=hunter2", "--author", "erin"] + archive)
            #expect(note.status == 0, "\(note.stderr)")
            #expect(note.stdout.wholeMatch(of: try Regex("noted on \(id) at \(timestamp)\n")) != nil, "\(note.stdout)")

            let resolve = try runAftermath(["incident", "resolve", id, "--author", "dave"] + archive)
            #expect(resolve.status == 0, "\(resolve.stderr)")
            #expect(resolve.stdout.wholeMatch(of: try Regex("resolved \(id) at \(timestamp)\npostmortem due at \(timestamp)\n")) != nil, "\(resolve.stdout)")
            let resolvedAgain = try runAftermath(["incident", "resolve", id] + archive)
            #expect(resolvedAgain.stdout.wholeMatch(of: try Regex("\(id) was already resolved at \(timestamp); nothing changed\n")) != nil)

            let detail = try #require(try await world.database.incident(id: id))
            #expect(detail.incident.status == .resolved)
            let actions = detail.timeline.filter { $0.source == "cli" }
            #expect(actions.map(\.kind) == [.acknowledged, .note, .resolved])
            #expect(actions.map(\.text)[0] == "Acknowledged by dave (cli)")
            let noted = try #require(actions.first { $0.kind == .note })
            #expect(noted.actor == "erin")
            #expect(noted.text.hasPrefix("rolled back password="))
            #expect(!noted.text.contains("hunter2"))
            #expect(try await world.database.captures(incidentID: id).contains { $0.kind == .closing })

            for command in [["ack"], ["resolve"], ["note", "x"]] {
                let missing = try runAftermath(["incident", command[0], "nope"] + command.dropFirst() + archive)
                #expect(missing.status != 0)
                #expect(missing.stderr.contains("no incident 'nope' in the archive"), "\(missing.stderr)")
            }
        }
    }
}
