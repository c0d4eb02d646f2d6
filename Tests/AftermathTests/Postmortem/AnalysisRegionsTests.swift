import AftermathCore
import Archive
import Foundation
import Postmortem
import Site
import Testing

/// The analysis the generator writes: responders in the header, the detection lead and candidate
/// indicators in the `detection` region, earlier incidents in the `related` region, and the lead
/// stored for the insights.
@Suite("Postmortem analysis regions")
struct AnalysisRegionsTests {
    /// The same Alertmanager group firing again (after the reopen window), starting `offset` after t0.
    static func refiring(_ world: PostmortemWorld, offset: TimeInterval) throws -> [UInt8] {
        var json = try #require(try JSONSerialization.jsonObject(with: Data(try world.alertmanagerFiring())) as? [String: Any])
        json["alerts"] = try #require(json["alerts"] as? [[String: Any]]).map { alert in
            var a = alert
            a["startsAt"] = Timestamp.format(PostmortemWorld.t0 + offset)
            return a
        }
        return Array(try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]))
    }

    func section(_ text: String, _ name: String) -> String {
        guard let begin = text.range(of: "<!-- aftermath:begin \(name) -->"), let end = text.range(of: "<!-- aftermath:end \(name) -->") else { return "" }
        return String(text[begin.upperBound..<end.lowerBound])
    }

    @Test("Detection opens with the lead, citing the log item; indicators are masked, ranked and cited; responders come from the timeline")
    func detection() async throws {
        let world = try PostmortemWorld()
        let id = try await CheckoutScenario.build(world)
        _ = try await world.generator().generate(incidentID: id, editor: "test")
        let text = try await world.read(id)
        let detection = section(text, "detection")
        let logItem = try #require(try await world.database.evidence(incidentID: id).first { $0.kind == .log })
        #expect(detection.contains("Errors in c-/var/log/checkout/app.log (/var/log/checkout/app.log) began 4m before HighErrorRate fired [\(logItem.id)](aftermath:evidence/\(logItem.id))."),
                "\(detection)")
        let rows = detection.split(separator: "\n").filter { $0.hasPrefix("| 1 ") || $0.hasPrefix("| 2 ") }
        #expect(rows.count == 2)
        // Tied on how early plus how often (1st + 2nd each): the earlier one leads.
        #expect(rows[0].contains("ERROR payment gateway timeout after \\<num\\>ms order=A-\\<num\\>"), "\(rows)")
        #expect(rows[1].contains("ERROR upstream connect error or disconnect/reset before headers (attempt \\<num\\>)"))
        #expect(rows[1].contains("| 12 (12 before) |"))
        #expect(rows.allSatisfy { $0.contains("(aftermath:evidence/\(logItem.id))") })
        #expect(text.contains("| Responders | alice (acknowledged), bob (note) |"))
        #expect(section(text, "related").contains("No earlier incident shares"))

        let stored = try #require(try await world.database.detection(incidentID: id))
        #expect(stored.leadSeconds == 240)
        #expect(stored.evidenceID == logItem.id)
        #expect(stored.alertName == "HighErrorRate")
    }

    @Test("A group firing again opens a new incident whose postmortem lists the first with its summary and open action items")
    func related() async throws {
        let world = try PostmortemWorld()
        let first = try await CheckoutScenario.build(world)
        var generator = try world.generator()
        let sync = PostmortemDigestSync(database: world.database, directory: world.config.postmortemsDirectory, clock: world.clock)
        generator.refreshDigests = { try await sync.run() }
        _ = try await generator.generate(incidentID: first, editor: "test")
        var edited = try await world.read(first)
        edited = edited.replacingOccurrences(of: "## Summary\n", with: "## Summary\n\nA config push exhausted the gateway pool.\n")
        edited = edited.replacingOccurrences(
            of: "- [ ] [[action]] · [[owner]] · [[priority]] · [[YYYY-MM-DD]] · [[tracker link]]",
            with: "- [ ] Alert on pool saturation · @alice · P1\n- [x] Roll back the push · @bob · P1")
        try await world.write(first, edited)

        world.clock.set(PostmortemWorld.t0 + 7200)
        let again = try await world.deliver(.alertmanager, try Self.refiring(world, offset: 7000))
        let second = try #require(again.changes.first?.incidentID)
        #expect(second != first)
        _ = try await generator.generate(incidentID: second, editor: "test")
        let related = section(try await world.read(second), "related")
        #expect(related.contains("1 earlier incident shares this incident's alert, service or alert group"), "\(related)")
        #expect(related.contains("(aftermath:incident/\(first))"))
        #expect(related.contains("same alert group; same alertname and service (HighErrorRate, checkout)"))
        #expect(related.contains("  - Summary: A config push exhausted the gateway pool."))
        #expect(related.contains("  - Open action items: Alert on pool saturation · @alice · P1\n"))
        #expect(!related.contains("Roll back"))
    }
}
