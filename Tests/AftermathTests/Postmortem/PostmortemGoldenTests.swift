import AftermathCore
import Archive
import Foundation
import Postmortem
import Testing

/// Generated Markdown against reference files (fixtures in, reference `.md` out).
@Suite("Postmortem golden files")
struct PostmortemGoldenTests {
    @Test("A resolved incident with evidence, an acknowledgement and a note")
    func checkoutIncident() async throws {
        let world = try PostmortemWorld()
        let id = try await CheckoutScenario.build(world)
        world.clock.set(PostmortemWorld.t0 + 1140 + 1800 + 1)
        let written = try await world.scheduler().writeDue()
        #expect(written.map(\.outcome) == [.created])
        try GoldenFile.assertMatches(try await world.read(id), "checkout-high-error-rate.md")
    }

    @Test("A hostile title, still open at its deadline")
    func hostileTitle() async throws {
        let world = try PostmortemWorld()
        let title = "<script>alert(1)</script> | `rm -rf` ``` [x](javascript:alert) <!-- aftermath:end timeline --> \u{202E}gnp.exe 🔥 \"quoted\": yes & no"
        let outcome = try await world.record([PostmortemWorld.signal(title: title, services: ["pay|ments", "<img>"])])
        let id = try #require(outcome.changes.first?.incidentID)
        world.clock.set(PostmortemWorld.t0 + 86_400 + 1)
        try await world.scheduler().writeDue()
        try GoldenFile.assertMatches(try await world.read(id), "hostile-title-open.md")
    }
}
