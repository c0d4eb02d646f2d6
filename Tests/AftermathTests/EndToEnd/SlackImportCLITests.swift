import AftermathCore
import Archive
import Foundation
import Testing

extension EndToEnd {
    /// `aftermath import slack` as an operator runs it against the sample export (Fixtures/slack):
    /// what it prints, what lands on the timeline and in the evidence, what the postmortem and the
    /// site show, and that nothing secret reaches any file of the archive.
    @Suite("aftermath import slack")
    struct SlackImportCLITests {
        static var export: String { Fixtures.directory.appendingPathComponent("slack/export").path }
        static var exportZip: String { Fixtures.directory.appendingPathComponent("slack/export.zip").path }
        static let secrets = ["AbCdEfGhIjKlMnOpQrStUvWx", "hunter2"]

        /// An incident opened at the sample's alert time (2026-11-27T11:42:14Z), resolved 25 minutes later.
        static func incident(_ world: PostmortemWorld) async throws -> String {
            let id = try #require(try await world.record([PostmortemWorld.signal(title: "api error rate")]).changes.first?.incidentID)
            _ = try await world.database.resolve(incidentID: id, actor: "dave", source: "cli", at: PostmortemWorld.t0 + 1500)
            return id
        }

        @Test("imports the window once, redacted, names resolved; a second run adds nothing; a wider window adds only the new")
        func importOnce() async throws {
            let world = try PostmortemWorld()
            let id = try await Self.incident(world)
            let archive = ["--archive", world.config.archiveDirectory]

            let first = try runAftermath(["import", "slack", Self.export, "--channel", "inc-api", "--incident", id, "--by", "dave"] + archive)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout == "imported 7 new message(s) from #inc-api into \(id) as ev-1 (2026-11-27T11:12:14.186Z → 2026-11-27T12:17:14.186Z); "
                + "0 already imported, 2 join/leave message(s) skipped, 2 secret(s) redacted\n", "\(first.stdout)")

            let timeline = try #require(try await world.database.incident(id: id)).timeline
            let chat = timeline.filter { $0.kind == .chatMessage }
            #expect(chat.map { $0.actor ?? "" } == ["alice", "Bob Okafor", "alice", "carol.sre", "PagerDuty", "Bob Okafor", "alice"])
            #expect(chat.allSatisfy { $0.source == "slack" })
            #expect(chat[1].text == "@alice looking. db pool at 100% & p99 > 2s <script>alert(1)</script>")
            #expect(chat[2].text == "(thread) thanks, paging db on-call (@carol.sre)")
            #expect(chat[1].at == Date(timeIntervalSince1970: 1_795_779_800), "stored to the millisecond; the message id keeps the rest")
            #expect(chat[3].text.contains("[REDACTED:") && !chat[3].text.contains("hunter2") && !chat[3].text.contains("AbCdEfGh"), "\(chat[3].text)")
            let imports = timeline.filter { $0.kind == .chatImport }
            #expect(imports.map(\.text) == ["Imported 7 Slack messages from #inc-api by dave [ev-1]"])
            #expect(imports.first?.actor == "dave")
            #expect(!timeline.contains { $0.text.contains("deploying api v2.4.0") || $0.text.contains("lunch?") || $0.text.contains("postmortem review") },
                    "messages outside the window or in other channels stay out")

            let item = try #require(try await world.database.evidenceItem(id: "ev-1"))
            #expect(item.summary.kind == .chat && item.summary.name == "#inc-api" && item.summary.redactions == 2)
            let transcript = String(decoding: item.content, as: UTF8.self)
            #expect(transcript.hasPrefix("2026-11-27T11:20:00.000Z alice: @here error rate on #inc-api is climbing"), "\(transcript)")
            #expect(transcript.contains("\n2026-11-27T11:44:20.000Z alice (thread): thanks, paging db on-call (@carol.sre)\n"))
            #expect(transcript.hasSuffix("alice: rolled back to v2.3.9, errors back to baseline:\n  ```\n  ERROR pool exhausted (42 waiting)\n  ```\n"))
            #expect(try await world.database.evidenceLines(id: "ev-1").count == 10)

            let shown = try runAftermath(["incident", "show", id] + archive)
            #expect(shown.stdout.contains("slack    Bob Okafor: @alice looking. db pool at 100% & p99 > 2s"), "\(shown.stdout)")

            let second = try runAftermath(["import", "slack", Self.export, "--channel", "inc-api", "--incident", id] + archive)
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stdout == "0 new messages from #inc-api (7 in 2026-11-27T11:12:14.186Z → 2026-11-27T12:17:14.186Z, all imported before); nothing changed\n")
            let after = try #require(try await world.database.incident(id: id)).timeline
            #expect(after == timeline, "a second import changes nothing")
            #expect(try await world.database.evidence(incidentID: id).count == 1)

            let wider = try runAftermath(["import", "slack", Self.exportZip, "--channel", "C0INCAPI01", "--incident", id,
                                          "--from", "2026-11-27T10:00:00Z", "--by", "dave"] + archive)
            #expect(wider.status == 0, "\(wider.stderr)")
            #expect(wider.stdout.hasPrefix("imported 1 new message(s) from #inc-api into \(id) as ev-2 (2026-11-27T10:00:00Z → "), "\(wider.stdout)")
            #expect(wider.stdout.contains("; 7 already imported, 2 join/leave"))
            let widened = try #require(try await world.database.incident(id: id)).timeline

            #expect(widened.filter { $0.kind == .chatMessage }.first?.text == "deploying api v2.4.0 to production now")
            #expect(widened.filter { $0.kind == .chatImport }.count == 2)

            // The transcripts are evidence like any other: `verify` and the independent checker recompute their links.
            let verify = try runAftermath(["verify"] + archive)
            #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
            let checker = try await PythonChecker.run([world.config.archiveDirectory])
            #expect(checker.status == 0, "\(checker.stdout)")

            // Nothing secret in any file of the archive: the WAL while it holds pages, then the database
            // checkpointed. (Last: reading the files drops this process's SQLite locks.)
            #expect(ArchiveGrep.find(Self.secrets, under: [world.config.archiveDirectory]).isEmpty)
            try world.database.close()
            #expect(ArchiveGrep.find(Self.secrets, under: [world.config.archiveDirectory]).isEmpty)
        }

        @Test("the postmortem's Communications cites each message's line; the check finds no dangling citation; the site shows them escaped")
        func postmortemAndSite() async throws {
            let world = try PostmortemWorld()
            let id = try await Self.incident(world)
            let archive = ["--archive", world.config.archiveDirectory]
            let imported = try runAftermath(["import", "slack", Self.exportZip, "--channel", "inc-api", "--incident", id, "--by", "dave"] + archive)
            #expect(imported.status == 0, "\(imported.stderr)")

            let result = try await world.generator().generate(incidentID: id, editor: "test")
            let markdown = try String(contentsOfFile: world.config.postmortemsDirectory + "/" + result.file, encoding: .utf8)
            let communications = try #require(markdown.components(separatedBy: "<!-- aftermath:begin communications -->").last?
                .components(separatedBy: "<!-- aftermath:end communications -->").first)
            #expect(communications.contains("7 chat message(s) imported from #inc-api; each cites its line of the transcript."))
            #expect(communications.contains(
                "| 2026-11-27 11:43:20 | #inc-api | Bob Okafor | @alice looking. db pool at 100% \\& p99 \\> 2s \\<script\\>alert(1)\\</script\\> | [ev-1#L2](aftermath:evidence/ev-1#L2) |"),
                "\(communications)")
            #expect(communications.contains("| 2026-11-27 11:44:20 | #inc-api | alice | (thread) thanks, paging db on-call (@carol.sre) | [ev-1#L3](aftermath:evidence/ev-1#L3) |"))
            #expect(communications.contains("| 2026-11-27 12:08:20 | #inc-api | alice | rolled back to v2.3.9, errors back to baseline: \\`\\`\\` ERROR pool exhausted (42 waiting) \\`\\`\\` | [ev-1#L7](aftermath:evidence/ev-1#L7) |"),
                    "\(communications)")
            let timelineRegion = try #require(markdown.components(separatedBy: "<!-- aftermath:begin timeline -->").last?
                .components(separatedBy: "<!-- aftermath:end timeline -->").first)
            #expect(timelineRegion.contains("Imported 7 Slack messages from #inc-api by dave \\[ev-1\\] | [ev-1](aftermath:evidence/ev-1) |"), "\(timelineRegion)")
            #expect(!timelineRegion.contains("paging db on-call"), "messages are listed under Communications, not the timeline")
            #expect(markdown.contains("| Responders |") && markdown.contains("chat"))

            let check = try runAftermath(["postmortem", "check", id] + archive)
            #expect(!check.stdout.contains("dangling") && !check.stdout.contains("not in the archive"), "\(check.stdout)\(check.stderr)")

            let out = world.directory.file("site")
            let site = try runAftermath(["site", "build", "--out", out] + archive)
            #expect(site.status == 0, "\(site.stderr)")
            let page = try String(contentsOfFile: out + "/incident/\(id).html", encoding: .utf8)
            #expect(page.contains("@alice looking. db pool at 100% &amp; p99 &gt; 2s &lt;script&gt;alert(1)&lt;/script&gt;"), "escaped on the timeline")
            #expect(!page.contains("<script>alert(1)"))
            #expect(page.contains("Bob Okafor"))
            #expect(page.contains("href=\"../evidence/ev-1.html#L2\""), "the postmortem's citation links to the message's line")
            let evidencePage = try String(contentsOfFile: out + "/evidence/ev-1.html", encoding: .utf8)
            #expect(evidencePage.contains("id=\"L2\""))
            #expect(ArchiveGrep.find(Self.secrets, under: [world.config.archiveDirectory, out]).isEmpty)
        }

        @Test("a NUL in a message's text or author is stored and shown as U+FFFD, the text whole")
        func nulInMessage() async throws {
            let world = try PostmortemWorld()
            let id = try await Self.incident(world)
            let dir = try TemporaryDirectory("slack-nul")
            for name in ["users.json", "channels.json"] {
                try FileManager.default.copyItem(atPath: Self.export + "/" + name, toPath: dir.file(name))
            }
            try dir.write("inc-api/2026-11-27.json", #"""
                [{"type":"message","username":"ev\u0000e","ts":"1795779800.000400","text":"db\u0000pool full"}]
                """#)
            let run = try runAftermath(["import", "slack", dir.path, "--channel", "inc-api", "--incident", id, "--archive", world.config.archiveDirectory])
            #expect(run.status == 0, "\(run.stderr)")
            let chat = try #require(try await world.database.incident(id: id)).timeline.filter { $0.kind == .chatMessage }
            #expect(chat.map(\.text) == ["db\u{FFFD}pool full"])
            #expect(chat.map { $0.actor ?? "" } == ["ev\u{FFFD}e"])
            let messages = try await world.database.chatMessages(incidentID: id)
            #expect(messages.map(\.text) == ["db\u{FFFD}pool full"])
            #expect(try await world.database.evidenceLines(id: "ev-1").contains { $0.text.hasSuffix(": db\u{FFFD}pool full") })
            #expect(try await world.database.verify().ok)
        }

        @Test("bad input is a one-line error naming what is wrong, never a crash; nothing is stored")
        func badInput() async throws {
            let world = try PostmortemWorld()
            let id = try await Self.incident(world)
            let archive = ["--archive", world.config.archiveDirectory]
            func run(_ export: String, channel: String = "inc-api", incident: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
                try runAftermath(["import", "slack", export, "--channel", channel, "--incident", incident ?? id] + archive)
            }

            let channel = try run(Self.export, channel: "nope")
            #expect(channel.status == 1)
            #expect(channel.stderr.contains("import slack: no channel 'nope' in the export; it has #inc-api, #general"), "\(channel.stderr)")
            let incident = try run(Self.export, incident: "zzzzzzzz")
            #expect(incident.stderr.contains("import slack: no incident 'zzzzzzzz' in the archive"), "\(incident.stderr)")

            let dir = try TemporaryDirectory("slack-bad")
            for name in ["users.json", "channels.json"] {
                try FileManager.default.copyItem(atPath: Self.export + "/" + name, toPath: dir.file(name))
            }
            try dir.write("inc-api/2026-11-27.json", #"[{"type":"message","ts":1795779800.0004,"text":"x"}]"#)
            let malformed = try run(dir.path)
            #expect(malformed.status == 1)
            #expect(malformed.stderr.contains("import slack: inc-api/2026-11-27.json at [0].ts: expected a string, found a number"), "\(malformed.stderr)")
            try dir.write("inc-api/2026-11-27.json", "[{\"type\":\"message\",")
            let truncated = try run(dir.path)
            #expect(truncated.stderr.contains("import slack: inc-api/2026-11-27.json at $: not valid JSON"), "\(truncated.stderr)")
            let missing = try run(world.directory.path)
            #expect(missing.stderr.contains("import slack: no users.json at the top of the export"), "\(missing.stderr)")
            let notZip = try run(Self.export + "/users.json")
            #expect(notZip.stderr.contains("not a ZIP file"), "\(notZip.stderr)")
            let backwards = try runAftermath(["import", "slack", Self.export, "--channel", "inc-api", "--incident", id,
                                              "--from", "2026-11-28T00:00:00Z", "--to", "2026-11-27T00:00:00Z"] + archive)
            #expect(backwards.status != 0 && backwards.stderr.contains("--from must not be after --to"), "\(backwards.stderr)")
            for run in [channel, incident, malformed, truncated, missing, notZip, backwards] {
                #expect(run.status != 0 && run.status < 128, "an error exit, not a signal: \(run.status)")
            }
            let timeline = try #require(try await world.database.incident(id: id)).timeline
            #expect(!timeline.contains { $0.kind == .chatMessage || $0.kind == .chatImport })
        }
    }
}
