import AsyncHTTPClient
import Foundation
import Testing

extension EndToEnd {
    /// A new user's first ten minutes, with nothing but the installed binary in an empty folder:
    /// `make install` (staged with DESTDIR), `init`, `serve`, a webhook, the default capture,
    /// `site build`, and the incident page in Chromium with the postmortem's Timeline as a table.
    @Suite("First contact: install, init, serve, capture, site")
    struct FirstContactTests {
        /// `make install-files` into a staging root, as `make install DESTDIR=… PREFIX=/usr` does after its build.
        static func install(into stage: String) async throws -> (status: Int32, output: String) {
            let result = try await runProgram(
                Programs.find("make") ?? "/usr/bin/make",
                ["-s", "-C", SiteFixture.repositoryRoot, "install-files", "DESTDIR=\(stage)", "PREFIX=/usr", "AFTERMATH=\(Programs.aftermath)"])
            return (result.status, result.stdout + result.stderr)
        }

        @Test("make install stages the binary, completions and a hardened unit that systemd-analyze verifies")
        func makeInstall() async throws {
            let dir = try TemporaryDirectory("install")
            let stage = dir.file("stage")
            let result = try await Self.install(into: stage)
            #expect(result.status == 0, "\(result.output)")
            let fm = FileManager.default
            #expect(fm.isExecutableFile(atPath: stage + "/usr/bin/aftermath"))
            let bash = try String(contentsOfFile: stage + "/usr/share/bash-completion/completions/aftermath", encoding: .utf8)
            #expect(bash.contains("aftermath") && bash.contains("init") && bash.contains("config"))
            #expect(fm.fileExists(atPath: stage + "/usr/share/zsh/site-functions/_aftermath"))
            #expect(fm.fileExists(atPath: stage + "/usr/share/fish/vendor_completions.d/aftermath.fish"))
            let unit = try String(contentsOfFile: stage + "/usr/lib/systemd/system/aftermath.service", encoding: .utf8)
            for line in ["User=aftermath", "ProtectSystem=strict", "ReadWritePaths=/var/lib/aftermath/archive /var/lib/aftermath/site",
                         "NoNewPrivileges=yes", "Restart=on-failure", "ExecStart=/usr/bin/aftermath serve --config /etc/aftermath/aftermath.yaml"] {
                #expect(unit.contains(line + "\n"), "the unit lacks \(line)")
            }
            #expect(!unit.contains("@BINDIR@") && !unit.contains("@DOCDIR@"))
            #expect(try String(contentsOfFile: stage + "/usr/lib/sysusers.d/aftermath.conf", encoding: .utf8).contains("u aftermath "))
            if Programs.find("systemd-analyze") != nil {
                #expect(result.output.contains("systemd-analyze verify: aftermath.service ok"), "\(result.output)")
            }
        }

        @Test("From an empty folder: init writes a config, serve starts with it, a webhook's capture holds host diagnostics, the site shows the Timeline as a table")
        func firstTenMinutes() async throws {
            let chromium = try #require(Programs.find("chromium", "chromium-browser"), "chromium is not installed (Debian package chromium)")
            let dir = try TemporaryDirectory("first-contact")
            let installed = try await Self.install(into: dir.file("stage"))
            try #require(installed.status == 0, "\(installed.output)")
            let aftermath = dir.file("stage/usr/bin/aftermath")
            let home = dir.file("team")
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            func run(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
                try await runProgram(aftermath, arguments, directory: home)
            }

            // init: a commented configuration and a 0600 token; the sender's snippet names the token file.
            let port = try FreePort.pick()
            let initialised = try await run(["init", "--sources", "alertmanager", "--listen", "127.0.0.1:\(port)"])
            #expect(initialised.status == 0, "\(initialised.stderr)")
            let tokenPath = home + "/secrets/alertmanager.token"
            #expect(initialised.stdout.contains("credentials_file: \(tokenPath)"))
            let mode = (try FileManager.default.attributesOfItem(atPath: tokenPath)[.posixPermissions] as? NSNumber)?.intValue
            #expect(mode == 0o600)
            let token = try String(contentsOfFile: tokenPath, encoding: .utf8).trimmingCharacters(in: .newlines)
            #expect(token.count == 43)
            let config = home + "/aftermath.yaml"
            let before = try String(contentsOfFile: config, encoding: .utf8)
            let again = try await run(["init", "--sources", "alertmanager"])
            #expect(again.status != 0 && again.stderr.contains("not overwriting"), "\(again.stderr)")
            #expect(try String(contentsOfFile: config, encoding: .utf8) == before)
            #expect(try String(contentsOfFile: tokenPath, encoding: .utf8).trimmingCharacters(in: .newlines) == token)
            let check = try await run(["config", "check", "--config", "aftermath.yaml"])
            #expect(check.status == 0, "\(check.stderr)")
            #expect(check.stdout.contains("alertmanager  POST /hooks/alertmanager"))

            // serve with that configuration, from that folder.
            let serve = try ManagedProcess(
                name: "aftermath", executable: aftermath, arguments: ["serve", "--config", "aftermath.yaml", "--log-level", "warning"],
                logPath: dir.file("serve.log"), directory: home)
            defer { serve.stop() }
            let client = HTTPClient.shared
            let base = "http://127.0.0.1:\(port)"
            try await Wait.until("serve to answer on \(base)", timeout: 60) {
                guard serve.isRunning else { throw Wait.TimedOut(what: "serve exited: \(serve.output())") }
                return await client.getText(base + "/healthz") != nil ? true : nil
            }
            let body = try Fixtures.webhook("alertmanager-firing.json")
            #expect(await client.postStatus(base + "/hooks/alertmanager", body: body) == 401)
            // A loaded machine may take seconds to sync the first commit: wait as a sender would, not 10 s.
            let accepted = await client.postStatus(
                base + "/hooks/alertmanager", body: body, headers: [("Authorization", "Bearer \(token)")], timeout: 60)
            #expect(accepted == 202, "answered \(accepted) (0: no answer within 60 s); serve's log:\n\(serve.output())")

            // The embedded default capture: host diagnostics (and the journal, ok or failed with its reason).
            let id = try await Wait.until("the incident", timeout: 30) { () -> String? in
                let list = try await run(["incident", "list", "--json", "--config", "aftermath.yaml"])
                let records = (try? JSONSerialization.jsonObject(with: Data(list.stdout.utf8))) as? [[String: Any]]
                return records?.first?["id"] as? String
            }
            let items = try await Wait.until("host diagnostics in the capture", timeout: 90) { () -> [[String: Any]]? in
                let list = try await run(["evidence", "list", id, "--json", "--config", "aftermath.yaml"])
                let items = (try? JSONSerialization.jsonObject(with: Data(list.stdout.utf8))) as? [[String: Any]] ?? []
                let names = Set(items.map { $0["name"] as? String ?? "" })
                return names.isSuperset(of: ["uptime", "memory", "disks", "journal"]) ? items : nil
            }
            let uptime = try #require(items.first { $0["name"] as? String == "uptime" })
            #expect(uptime["collector"] as? String == "host-diagnostics")
            #expect(uptime["status"] as? String == "ok")
            #expect(uptime["host"] as? String == "local")
            let journal = try #require(items.first { $0["name"] as? String == "journal" })
            #expect(journal["status"] as? String == "ok" || !((journal["error"] as? String) ?? "").isEmpty, "a failed journal says why")

            // A postmortem now, then the site, from the same folder.
            let generated = try await run(["postmortem", "generate", id, "--config", "aftermath.yaml"])
            #expect(generated.status == 0, "\(generated.stderr)")
            let built = try await run(["site", "build", "--config", "aftermath.yaml"])
            #expect(built.status == 0, "\(built.stderr)")
            let page = home + "/site/incident/\(id).html"
            #expect(FileManager.default.fileExists(atPath: page))

            // Headless Chromium, awaited without holding a thread (`timeout` ends it, and only it).
            func chromiumRun(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
                try await runProgram(Programs.find("timeout") ?? "/usr/bin/timeout", ["-k", "5", "90", chromium, "--headless", "--no-sandbox",
                    "--disable-gpu", "--no-first-run", "--disable-extensions", "--user-data-dir=\(dir.file("chromium-profile"))",
                    "--hide-scrollbars", "--virtual-time-budget=3000"] + arguments)
            }
            let url = URL(fileURLWithPath: page).absoluteString
            let browsed = try await chromiumRun(["--dump-dom", url])
            #expect(browsed.status == 0, "\(browsed.stderr.suffix(2000))")
            let dom = browsed.stdout
            let timeline = try #require(dom.range(of: ">Timeline</h2>"), "the postmortem has a Timeline section")
            let table = try #require(dom[timeline.upperBound...].range(of: "<table>"))
            let nextHeading = dom[timeline.upperBound...].range(of: "<h2")?.lowerBound ?? dom.endIndex
            #expect(table.lowerBound < nextHeading, "the Timeline's first block is a table")
            let timelineTable = String(dom[table.lowerBound..<(dom[table.lowerBound...].range(of: "</table>")?.upperBound ?? dom.endIndex)])
            #expect(timelineTable.contains("<th>Time (UTC)</th>"))
            #expect(timelineTable.components(separatedBy: "<tr>").count >= 4, "header and at least two events")
            #expect(timelineTable.contains("<time datetime=\"2026-11-27T11:42:14"))
            #expect(!dom.contains("| --- |"), "no pipe table is left as text")
            let shots = (SiteFixture.repositoryRoot as NSString).appendingPathComponent("test-output/first-contact")
            try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(atPath: shots + "/incident.png")
            _ = try await chromiumRun(["--window-size=1280,2400", "--screenshot=\(shots)/incident.png", url])
            #expect(FileManager.default.fileExists(atPath: shots + "/incident.png"))
        }
    }
}
