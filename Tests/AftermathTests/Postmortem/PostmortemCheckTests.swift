import AftermathCore
import Archive
import Foundation
import Postmortem
import Redaction
import Testing

/// `postmortem check`: each class of problem, with the line it is on.
@Suite("Postmortem check")
struct PostmortemCheckTests {
    /// Runs the checker the way the CLI does: citations looked up in the archive.
    static func check(_ text: String, _ world: PostmortemWorld, expectedID: String?) async throws -> [PostmortemProblem] {
        let bytes = Array(text.utf8)
        let existing = try await world.database.existingEvidenceIDs(PostmortemChecker.citedEvidence(in: bytes))
        return PostmortemChecker(redactor: try Redactor()).check(bytes, file: "pm.md", existingEvidence: existing, expectedID: expectedID)
    }

    /// 1-based number of the first line containing `needle`.
    static func line(_ text: String, _ needle: String) -> Int {
        (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) } ?? -2) + 1
    }

    static func filled(_ text: String) -> String {
        text.replacingOccurrences(of: "## Summary\n", with: "## Summary\n\nA deploy exhausted the gateway pool.\n")
            .replacingOccurrences(of: "## Impact\n", with: "## Impact\n\nAbout 7% of checkouts failed for 19 minutes.\n")
            .replacingOccurrences(of: "## Contributing factors\n", with: "## Contributing factors\n\n- The pool size was not load tested.\n")
            .replacingOccurrences(
                of: "- [ ] [[action]] · [[owner]] · [[priority]] · [[YYYY-MM-DD]] · [[tracker link]]",
                with: "- [ ] Load test the pool · @alice · P2 · 2026-12-20 · https://tracker.example/OPS-7")
    }

    @Test("A fresh draft: the required sections people write are empty and the action item is a placeholder; the timeline is not")
    func freshDraft() async throws {
        let world = try PostmortemWorld()
        let id = try await CheckoutScenario.build(world)
        _ = try await world.generator().generate(incidentID: id, editor: "test")
        let text = try await world.read(id)
        let problems = try await Self.check(text, world, expectedID: id)
        let empty = problems.filter { $0.kind == .emptySection }
        #expect(empty.map(\.line) == ["## Summary", "## Impact", "## Contributing factors", "## Action items"].map { Self.line(text, $0) })
        #expect(empty.first?.description == "pm.md:\(Self.line(text, "## Summary")): empty-section: section 'Summary' is still empty (only the template's prompt)")
        let placeholders = problems.filter { $0.kind == .placeholder }
        #expect(placeholders.count == 5)
        #expect(Set(placeholders.map(\.line)) == [Self.line(text, "- [ ] [[action]]")])
        #expect(problems.count == 9, "\(problems.map(\.description))")
    }

    @Test("A filled postmortem passes; each problem class is then found at its line")
    func eachProblem() async throws {
        let world = try PostmortemWorld()
        let id = try await CheckoutScenario.build(world)
        _ = try await world.generator().generate(incidentID: id, editor: "test")
        let good = Self.filled(try await world.read(id))
        #expect(try await Self.check(good, world, expectedID: id) == [])

        let bad = good
            .replacingOccurrences(of: "status: draft", with: "status: wip")
            .replacingOccurrences(of: "started: \"2026-11-27T11:38:14.186Z\"", with: "started: \"yesterday\"")
            .replacingOccurrences(of: "A deploy exhausted the gateway pool.", with: "A deploy exhausted the pool, see [ev-999](aftermath:evidence/ev-999) and [ev-2](aftermath:evidence/ev-2).")
            .replacingOccurrences(of: "## Detection\n", with: "## Detection\n\nPaged {{owner}} at night.\n")
            .replacingOccurrences(of: "## Open questions\n", with: "## Open questions\n\nWhy was password=hunter2-in-the-clear in the config?\nAnd key AKIAQ4EXAMPLEPLANT7Z?\n")
            .replacingOccurrences(of: "## Contributing factors\n\n- The pool size was not load tested.\n", with: "")
        let problems = try await Self.check(bad, world, expectedID: "someone-else")
        func find(_ kind: PostmortemProblem.Kind) -> [PostmortemProblem] { problems.filter { $0.kind == kind } }

        #expect(find(.frontMatter).map(\.line) == [2, 4, 7])
        #expect(find(.frontMatter).map(\.message) == [
            "id 'seq00001' is not the incident this file belongs to (someone-else)",
            "status 'wip' is not one of draft, in-review, final",
            "started: 'yesterday' is not an RFC 3339 timestamp: expected digits for the year at offset 0 (write RFC 3339 UTC, e.g. 2026-11-27T11:42:14Z, or leave it empty)",
        ])
        #expect(find(.danglingCitation).map(\.line) == [Self.line(bad, "ev-999")])
        #expect(find(.danglingCitation).first?.message == "cites ev-999, which is not in the archive")
        #expect(find(.placeholder).map(\.line) == [Self.line(bad, "Paged {{owner}}")])
        #expect(find(.secret).map(\.line) == [Self.line(bad, "password="), Self.line(bad, "AKIA")])
        #expect(!find(.secret).contains { $0.message.contains("hunter2") }, "a report never repeats the secret")
        #expect(find(.missingSection).map(\.message) == ["required section 'Contributing factors' is missing"])
    }

    @Test("Front matter that is missing or not YAML is reported at line 1; a final postmortem needs an owner")
    func frontMatterShapes() async throws {
        let world = try PostmortemWorld()
        let none = try await Self.check("# Title\n\n## Summary\n\nx\n", world, expectedID: nil)
        #expect(none.first?.description == "pm.md:1: front-matter: the file does not start with a `---` front matter block")
        let broken = try await Self.check("---\nid: [unclosed\n---\n", world, expectedID: nil)
        #expect(broken.first?.kind == .frontMatter)
        #expect(broken.first?.message.hasPrefix("the front matter is not valid YAML") == true)
        let final = try await Self.check("---\nid: \"a\"\ntitle: \"t\"\nstatus: final\nowner: \"\"\n---\n", world, expectedID: nil)
        #expect(final.filter { $0.kind == .frontMatter }.map(\.description) == ["pm.md:5: front-matter: status is final but no owner is named"])
    }
}
