@testable import ChatImport
import Foundation
import Testing

/// Reading Slack's workspace export: people, channels, the window, noise, mrkdwn, and the ZIP it
/// ships in, from the sample export in Fixtures/slack (PROVENANCE.md says what each part exercises).
@Suite("Slack export: parse the sample export, unpacked and zipped")
struct SlackExportTests {
    static var fixture: String { Fixtures.directory.appendingPathComponent("slack").path }
    /// The sample incident's default window: 2026-11-27 11:12:14 (30 min before the alert) to 12:17:14.
    static let window = DateInterval(start: Date(timeIntervalSince1970: 1_795_777_934), end: Date(timeIntervalSince1970: 1_795_781_834))

    @Test("the channel's messages in the window, in order: authors by display name, mentions, links and entities resolved, noise skipped")
    func messagesInWindow() throws {
        let export = try SlackExport(path: Self.fixture + "/export")
        #expect(export.channels.map(\.name) == ["inc-api", "general"])
        let channel = try export.channel(named: "#inc-api")
        #expect(channel.id == "C0INCAPI01")
        let found = try export.messages(in: channel, window: Self.window)
        #expect(found.noiseSkipped == 2, "channel_join and channel_leave")
        #expect(found.messages.map(\.author) == ["alice", "Bob Okafor", "alice", "carol.sre", "PagerDuty", "Bob Okafor", "alice"])
        #expect(found.messages.map(\.text) == [
            "@here error rate on #inc-api is climbing, see api dashboard (https://grafana.example.com/d/api?orgId=1&var-env=prod)",
            "@alice looking. db pool at 100% & p99 > 2s <script>alert(1)</script>",
            "thanks, paging db on-call (@carol.sre)",
            "restarted the pool with the break-glass bot token xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx and password=hunter2 for the replica",
            "Incident #4521 acknowledged by Bob Okafor",
            "p99 graph attached [file: p99 latency]",
            "rolled back to v2.3.9, errors back to baseline:\n```\nERROR pool exhausted (42 waiting)\n```",
        ])
        #expect(found.messages[1].threadTS == "1795779800.000400" && found.messages[2].threadTS == "1795779800.000400")
        #expect(found.messages[2].ts == "1795779860.000500")
        #expect(found.messages[0].at == Date(timeIntervalSince1970: 1_795_778_400.0003))
        #expect(found.messages[4].authorID == "B0PAGERDUTY")
    }

    @Test("the window is by each message's own time, across day files")
    func windowAcrossDays() throws {
        let export = try SlackExport(path: Self.fixture + "/export")
        let channel = try export.channel(named: "inc-api")
        let wide = DateInterval(start: Date(timeIntervalSince1970: 1_795_600_000), end: Date(timeIntervalSince1970: 1_795_900_000))
        let all = try export.messages(in: channel, window: wide).messages
        #expect(all.count == 10)
        #expect(all.first?.text == "reminder: api v2.4.0 goes out tomorrow morning")
        #expect(all.last?.text == "postmortem review on Monday")
        let ends = DateInterval(start: Date(timeIntervalSince1970: 1_795_778_400.0003), end: Date(timeIntervalSince1970: 1_795_779_800.0004))
        #expect(try export.messages(in: channel, window: ends).messages.map(\.ts) == ["1795778400.000300", "1795779800.000400"], "both ends included")
    }

    @Test("the .zip and a ZIP64 .zip read exactly as the unpacked folder")
    func zipped() throws {
        let folder = try SlackExport(path: Self.fixture + "/export")
        let expected = try folder.messages(in: folder.channel(named: "inc-api"), window: Self.window)
        for name in ["export.zip", "export-zip64.zip"] {
            let zip = try SlackExport(path: Self.fixture + "/" + name)
            #expect(zip.channels == folder.channels, "\(name)")
            #expect(try zip.messages(in: zip.channel(named: "inc-api"), window: Self.window) == expected, "\(name)")
        }
    }

    @Test("ZIP members: CRC-32 checked, damage and other methods refused by name, truncation refused")
    func zipDamage() throws {
        let dir = try TemporaryDirectory("zip")
        let original = try Data(contentsOf: URL(fileURLWithPath: Self.fixture + "/export.zip"))
        // Flip one byte inside the deflated data of the first member (after its 30-byte header and name).
        var damaged = [UInt8](original)
        damaged[30 + "users.json".utf8.count + 40] ^= 0x55
        let damagedPath = dir.file("damaged.zip")
        try Data(damaged).write(to: URL(fileURLWithPath: damagedPath))
        #expect {
            _ = try SlackExport(path: damagedPath)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(damagedPath + ": users.json: ") && (text.contains("damaged") || text.contains("CRC-32"))
        }
        let truncatedPath = dir.file("truncated.zip")
        try original.prefix(original.count / 2).write(to: URL(fileURLWithPath: truncatedPath))
        #expect(throws: SlackExportError.unreadableZip(truncatedPath, "not a ZIP file (no end of central directory record)")) {
            _ = try SlackExport(path: truncatedPath)
        }
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926, "the standard check value")
    }

    @Test("every truncation of the ZIP, and every byte of its directory flipped, is an error or a reading, never a crash")
    func zipNeverTraps() throws {
        let dir = try TemporaryDirectory("zip-fuzz")
        let path = dir.file("x.zip")
        var outcomes: [String: Int] = [:]
        func attempt(_ bytes: [UInt8]) throws {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                let export = try SlackExport(path: path)
                _ = try export.messages(in: export.channel(named: "inc-api"), window: Self.window)
                outcomes["read", default: 0] += 1
            } catch {
                outcomes[String(describing: error).contains("not a ZIP") ? "not a zip" : "other error", default: 0] += 1
            }
        }
        for name in ["export.zip", "export-zip64.zip"] {
            let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Self.fixture + "/" + name)))
            for length in stride(from: 0, to: original.count, by: 13) { try attempt(Array(original.prefix(length))) }
            for position in max(0, original.count - 900)..<original.count {
                var flipped = original
                flipped[position] ^= 0xA5
                try attempt(flipped)
            }
        }
        #expect(outcomes["read", default: 0] > 0 && outcomes["not a zip", default: 0] > 0 && outcomes["other error", default: 0] > 0, "\(outcomes)")
    }

    @Test("bad input names the file, and within it the JSON path")
    func badInput() throws {
        let dir = try TemporaryDirectory("slack-bad")
        #expect(throws: SlackExportError.notFound(dir.file("nothing"))) { _ = try SlackExport(path: dir.file("nothing")) }
        try dir.write("empty/readme.txt", "not an export")
        #expect(throws: SlackExportError.missingFile("users.json")) { _ = try SlackExport(path: dir.file("empty")) }
        #expect(throws: SlackExportError.unreadableZip(dir.file("empty/readme.txt"), "not a ZIP file (no end of central directory record)")) {
            _ = try SlackExport(path: dir.file("empty/readme.txt"))
        }

        try dir.write("x/users.json", #"[{"id":"U1","name":"a"}]"#)
        try dir.write("x/channels.json", #"[{"id":"C1","name":"inc"},{"id":"C2","name":7}]"#)
        #expect(throws: SlackExportError.malformed(file: "channels.json", path: "[1].name", reason: "expected a string, found a number")) {
            _ = try SlackExport(path: dir.file("x"))
        }
        try dir.write("x/channels.json", #"[{"id":"C1","name":"inc"},{"id":"C2","name":"empty"},{"id":"C3","name":"../up"}]"#)
        let export = try SlackExport(path: dir.file("x"))
        #expect(throws: SlackExportError.unknownChannel("nope", known: ["inc", "empty", "../up"])) { _ = try export.channel(named: "nope") }
        #expect(SlackExportError.unknownChannel("nope", known: ["inc", "empty"]).description == "no channel 'nope' in the export; it has #inc, #empty")
        #expect(throws: SlackExportError.channelFolderMissing("empty")) { _ = try export.messages(in: export.channel(named: "empty"), window: Self.window) }
        #expect(throws: SlackExportError.unsafeChannelName("../up")) { _ = try export.messages(in: export.channel(named: "../up"), window: Self.window) }

        try dir.write("x/inc/2026-11-27.json", #"[{"type":"message","ts":"1795779800.1","text":"ok"},{"type":"message","text":"no ts"}]"#)
        let channel = try export.channel(named: "inc")
        #expect(throws: SlackExportError.malformed(file: "inc/2026-11-27.json", path: "[1].ts", reason: "required field is missing")) {
            _ = try export.messages(in: channel, window: Self.window)
        }
        try dir.write("x/inc/2026-11-27.json", #"[{"type":"message","ts":"yesterday","text":"ok"}]"#)
        #expect(throws: SlackExportError.malformed(file: "inc/2026-11-27.json", path: "[0].ts", reason: "'yesterday' is not a Slack timestamp (seconds.microseconds)")) {
            _ = try export.messages(in: channel, window: Self.window)
        }
        try dir.write("x/inc/2026-11-27.json", #"[{"type":"message","ts":"1795779800.1","text":"cut off"#)
        #expect {
            _ = try export.messages(in: channel, window: Self.window)
        } throws: { error in
            guard case .malformed(let file, let path, let reason) = error as? SlackExportError else { return false }
            return file == "inc/2026-11-27.json" && path == "$" && reason.hasPrefix("not valid JSON")
        }
    }

    @Test("mrkdwn: user and channel mentions, special mentions, links, mailto, entities, unterminated brackets")
    func text() {
        let text = SlackText(people: ["U1": "alice"], channels: ["C1": "inc-api"])
        #expect(text.plain("<@U1> and <@U9|bob> and <@U8>") == "@alice and @bob and @U8")
        #expect(text.plain("<#C1> <#C2|ops>") == "#inc-api #ops")
        #expect(text.plain("<!here> <!channel> <!subteam^S1|@sre> <!date^1795779800^{date}|Nov 27>") == "@here @channel @sre Nov 27")
        #expect(text.plain("<https://x.example/a?b=1&amp;c=2|the page> <https://y.example> <mailto:a@b.example|a@b.example>")
            == "the page (https://x.example/a?b=1&c=2) https://y.example a@b.example")
        #expect(text.plain("a &lt;b&gt; &amp;amp; <c") == "a <b> &amp; <c")
    }
}
