import AftermathCore
import Archive
import Foundation
import Postmortem
import PostmortemFormat
import Testing
import Yams

/// Regeneration refreshes what the generator owns and keeps every byte a person wrote.
@Suite("Postmortem regeneration and human edits")
struct PostmortemMergeTests {
    static let summary = """
        ## Summary

        Checkout returned 5xx for ~20 minutes after the v42 deploy exhausted the payment
        gateway's connection pool. Rolling back to v41 fixed it.   
        """

    /// The file with every region's inside and the machine keys' lines removed.
    static func humanPart(_ text: String) -> String {
        var out: [Substring] = []
        var inRegion = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("<!-- aftermath:begin ") { inRegion = true; out.append(line); continue }
            if line.hasPrefix("<!-- aftermath:end ") { inRegion = false; out.append(line); continue }
            if inRegion { continue }
            if FrontMatter.machineKeys.contains(where: { line.hasPrefix("\($0):") }) { continue }
            out.append(line)
        }
        return out.joined(separator: "\n")
    }

    @Test("A person's Summary and action item survive byte for byte while new evidence refreshes timeline and index")
    func humanTextKept() async throws {
        let world = try PostmortemWorld()
        let id = try await CheckoutScenario.build(world)
        let generator = try world.generator()
        world.clock.set(PostmortemWorld.t0 + 3000)
        #expect(try await generator.generate(incidentID: id, editor: "test").outcome == .created)

        // A person fills the Summary (trailing spaces and all), adds an action item, a private
        // timeline row below the markers, changes title, owner and status, and a key of their own.
        var edited = try await world.read(id)
        edited = edited.replacingOccurrences(of: "## Summary\n", with: Self.summary + "\n")
        edited = edited.replacingOccurrences(
            of: "- [ ] [[action]] · [[owner]] · [[priority]] · [[YYYY-MM-DD]] · [[tracker link]]",
            with: "- [ ] Alert on gateway pool saturation · @alice · P1 · 2026-12-15 · https://tracker.example/OPS-42")
        edited = edited.replacingOccurrences(
            of: "<!-- aftermath:end timeline -->\n",
            with: "<!-- aftermath:end timeline -->\n\n| 11:50 | Bob notices the deploy diff | chat |\n")
        edited = edited.replacingOccurrences(of: "title: \"checkout 5xx ratio above 5%\"", with: "title: \"Checkout outage: gateway pool\"")
        edited = edited.replacingOccurrences(of: "status: draft", with: "status: in-review")
        edited = edited.replacingOccurrences(of: "owner: \"\"", with: "owner: \"alice\"\ntags: [payments, deploy]")
        try await world.write(id, edited)

        // More evidence arrives; the generator runs again.
        world.clock.set(PostmortemWorld.t0 + 3600)
        let closing = try await CheckoutScenario.closingCapture(world, id)
        #expect(closing == ["ev-4", "ev-5"])
        let result = try await generator.generate(incidentID: id, editor: "carol")
        guard case .refreshed(let regions, _) = result.outcome else {
            Issue.record("expected a refresh, got \(result.outcome)")
            return
        }
        // The closing capture's worker log is a new signal, so Detection is refreshed too.
        #expect(regions == ["timeline", "detection", "evidence"])
        let regenerated = try await world.read(id)

        #expect(Self.humanPart(regenerated) == Self.humanPart(edited), "everything outside the regions and machine keys is the person's")
        #expect(regenerated.contains(Self.summary))
        #expect(regenerated.contains("- [ ] Alert on gateway pool saturation · @alice · P1 · 2026-12-15 · https://tracker.example/OPS-42"))
        #expect(regenerated.contains("title: \"Checkout outage: gateway pool\"\nstatus: in-review\n"))
        #expect(regenerated.contains("owner: \"alice\"\ntags: [payments, deploy]\n"))
        // The timeline and the evidence index now hold the closing capture.
        #expect(regenerated.contains("First error in /var/log/checkout/worker.log"))
        #expect(regenerated.contains("[ev-4](aftermath:evidence/ev-4), [ev-5](aftermath:evidence/ev-5) |"))
        #expect(regenerated.contains("| [ev-5](aftermath:evidence/ev-5) | command | df -h | web-1 | ok |"))

        // Regenerating again changes nothing.
        #expect(try await generator.generate(incidentID: id, editor: "carol").outcome == .unchanged)

        // Every change is a revision: created, the person's edit, the refresh.
        let revisions = try await world.database.postmortemRevisions(incidentID: id)
        #expect(revisions.map(\.author) == ["aftermath", "carol", "aftermath"])
        #expect(revisions.map(\.origin) == [.generator, .person, .generator])
        #expect(revisions[1].diff.contains("+Checkout returned 5xx for ~20 minutes"))
        #expect(revisions[2].diff.contains("+| [ev-4](aftermath:evidence/ev-4)"))
        #expect(!revisions[2].diff.contains("Checkout returned 5xx"), "the refresh's diff holds only the generator's change")
    }

    @Test("A region whose markers a person removed is theirs: left alone and never re-added")
    func removedMarkers() async throws {
        let world = try PostmortemWorld()
        let id = try await CheckoutScenario.build(world)
        let generator = try world.generator()
        _ = try await generator.generate(incidentID: id, editor: "test")
        let edited = try await world.read(id).replacingOccurrences(of: "<!-- aftermath:begin timeline -->\n", with: "")
            .replacingOccurrences(of: "<!-- aftermath:end timeline -->\n", with: "")
        try await world.write(id, edited)

        _ = try await CheckoutScenario.closingCapture(world, id)
        let result = try await generator.generate(incidentID: id, editor: "test")
        #expect(result.personOwnedRegions == ["timeline"])
        #expect(result.outcome == .refreshed(regions: ["detection", "evidence"], keys: []))
        let after = try await world.read(id)
        #expect(!after.contains("aftermath:begin timeline"))
        #expect(!after.contains("First error in /var/log/checkout/worker.log"), "the person's timeline gets no new rows")
        #expect(after.contains("[ev-4](aftermath:evidence/ev-4) | log |"), "the evidence index is still refreshed")
    }

    @Test("A final postmortem is never changed, and the generator says so")
    func finalUntouched() async throws {
        let world = try PostmortemWorld()
        let id = try await CheckoutScenario.build(world)
        let generator = try world.generator()
        _ = try await generator.generate(incidentID: id, editor: "test")
        let final = try await world.read(id).replacingOccurrences(of: "status: draft", with: "status: final")
        try await world.write(id, final)
        let before = try await world.bytes(id)

        _ = try await CheckoutScenario.closingCapture(world, id)
        let result = try await generator.generate(incidentID: id, editor: "test")
        #expect(result.outcome == .final)
        #expect(result.message.contains("status: final; left unchanged"))
        #expect(try await world.bytes(id) == before)
    }

    @Test("CRLF line endings, trailing spaces and invalid UTF-8 outside the regions are kept")
    func crlfAndBytes() async throws {
        let world = try PostmortemWorld()
        let id = try await CheckoutScenario.build(world)
        let generator = try world.generator()
        _ = try await generator.generate(incidentID: id, editor: "test")
        var bytes = Array(try await world.read(id).replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let marker = Array("## Open questions\r\n".utf8)
        let at = try #require(bytes.indices.first { Array(bytes[$0..<min(bytes.count, $0 + marker.count)]) == marker })
        bytes.insert(contentsOf: [0x41, 0xFF, 0xFE, 0x20, 0x20, 0x0D, 0x0A], at: at + marker.count)
        try Data(bytes).write(to: URL(fileURLWithPath: try await world.path(id)))

        _ = try await CheckoutScenario.closingCapture(world, id)
        _ = try await generator.generate(incidentID: id, editor: "test")
        let after = try await world.bytes(id)
        #expect(after.starts(with: bytes[..<(bytes.count / 4)]))
        #expect(Data(after).range(of: Data([0x41, 0xFF, 0xFE, 0x20, 0x20, 0x0D, 0x0A])) != nil)
        let text = String(decoding: after, as: UTF8.self)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line still ends in CRLF")
        #expect(text.contains("[ev-5](aftermath:evidence/ev-5)"))
    }

    @Test("A secret a person pastes into the file is redacted in the stored revision")
    func revisionsRedacted() async throws {
        let world = try PostmortemWorld()
        let id = try await CheckoutScenario.build(world)
        let generator = try world.generator()
        _ = try await generator.generate(incidentID: id, editor: "test")
        let pasted = try await world.read(id).replacingOccurrences(
            of: "## Open questions\n", with: "## Open questions\n\nlogin with password=hunter2-pasted and AKIAQ4EXAMPLEPLANT7Z\n")
        try await world.write(id, pasted)
        _ = try await generator.generate(incidentID: id, editor: "dave")
        let revisions = try await world.database.postmortemRevisions(incidentID: id)
        #expect(revisions.map(\.author) == ["aftermath", "dave"])
        for revision in revisions {
            #expect(!revision.content.contains("hunter2-pasted") && !revision.diff.contains("hunter2-pasted"))
            #expect(!revision.content.contains("AKIAQ4EXAMPLEPLANT7Z") && !revision.diff.contains("AKIAQ4EXAMPLEPLANT7Z"))
        }
        #expect(revisions[1].diff.contains("+login with password=[REDACTED"))
        #expect(try await world.read(id).contains("hunter2-pasted"), "the file itself is the person's; `postmortem check` reports it")
        #expect(try await generator.generate(incidentID: id, editor: "dave").outcome == .unchanged, "no new revision for an unchanged file")
        #expect(try await world.database.postmortemRevisions(incidentID: id).count == 2)
    }

    @Test("A NUL a person's edit holds is kept in the stored revision as U+FFFD, with the text after it")
    func revisionWithNUL() async throws {
        let world = try PostmortemWorld()
        let id = try await CheckoutScenario.build(world)
        let generator = try world.generator()
        _ = try await generator.generate(incidentID: id, editor: "test")
        let edited = try await world.read(id).replacingOccurrences(
            of: "## Open questions\n", with: "## Open questions\n\nwhy did\u{0}the pool stay full\n")
        try await world.write(id, edited)
        _ = try await generator.generate(incidentID: id, editor: "dave")
        let revisions = try await world.database.postmortemRevisions(incidentID: id)
        #expect(revisions.map(\.author) == ["aftermath", "dave"])
        #expect(revisions.last?.content.contains("why did\u{FFFD}the pool stay full") == true)
        #expect(revisions.last?.content.hasSuffix(edited.suffix(40).replacingOccurrences(of: "\u{0}", with: "\u{FFFD}")) == true)
        #expect(revisions.last?.diff.contains("+why did\u{FFFD}the pool stay full") == true)
    }

    @Test("Front matter: quotes, colons, newlines and bidi controls in a title round-trip through YAML")
    func frontMatterRoundTrip() throws {
        for title in ["a \"quoted\": title", "two\nlines", "tab\there", "\u{202E}evil", "back\\slash", "emoji 🔥 ok", "#not a comment", "- dash", "yes", "null", "123"] {
            let fm = FrontMatter(id: "k3x9qa7m", title: title, severity: "critical", services: ["a\"b", "c: d"], started: "", detected: "", acknowledged: "", resolved: "", duration: "")
            let yaml = fm.rendered().dropFirst(4).dropLast(4)
            let parsed = try #require(try Yams.load(yaml: String(yaml)) as? [String: Any])
            #expect(parsed["title"] as? String == title, "\(title)")
            #expect(parsed["services"] as? [String] == ["a\"b", "c: d"])
            #expect(parsed["status"] as? String == "draft")
            #expect(!fm.rendered().unicodeScalars.contains("\u{202E}"))
        }
    }
}
