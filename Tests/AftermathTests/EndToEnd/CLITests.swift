import AftermathCore
import Archive
import Foundation
import AsyncHTTPClient
import Server
import Settings
import Testing

extension EndToEnd {
    /// The `aftermath` binary as a user runs it.
    @Suite("aftermath CLI")
    struct CLITests {
        /// An archive holding the Alertmanager fixtures, written by a real `aftermath serve`.
        func archiveWithIncident(_ dir: TemporaryDirectory) async throws -> String {
            let archive = dir.file("archive")
            let server = try await AftermathProcess(archive: archive, logPath: dir.file("serve.log"))
            defer { server.process.stop() }
            let client = HTTPClient.shared
            for name in ["alertmanager-firing.json", "alertmanager-resolved.json"] {
                let status = await client.postStatus("\(server.baseURL)/hooks/alertmanager", body: try Fixtures.webhook(name))
                #expect(status == 202)
            }
            let garbage = await client.postStatus("\(server.baseURL)/hooks/opsgenie", body: Array("{\"action\":".utf8))
            #expect(garbage == 202)
            return archive
        }

        @Test("incident list --json and incident show --json print full records")
        func incidentJSON() async throws {
            let dir = try TemporaryDirectory("cli")
            let archive = try await archiveWithIncident(dir)

            let list = try runAftermath(["incident", "list", "--json", "--archive", archive])
            #expect(list.status == 0, "\(list.stderr)")
            let records = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
            #expect(records.count == 1)
            let record = records[0]
            for key in ["id", "title", "status", "severity", "services", "labels", "source", "started_at",
                        "acknowledged_at", "resolved_at", "alerts", "timeline"] {
                #expect(record.keys.contains(key), "missing \(key)")
            }
            #expect(record["status"] as? String == "triggered")  // one of two alerts resolved
            #expect(record["severity"] as? String == "critical")
            #expect(record["services"] as? [String] == ["checkout"])
            #expect((record["alerts"] as? [Any])?.count == 2)
            #expect(record["started_at"] as? String == "2026-11-27T11:42:14.186Z")

            let id = try #require(record["id"] as? String)
            let show = try runAftermath(["incident", "show", id, "--json", "--archive", archive])
            #expect(show.status == 0, "\(show.stderr)")
            let one = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
            #expect(one["id"] as? String == id)
            let timeline = try #require(one["timeline"] as? [[String: Any]])
            #expect(timeline.contains { $0["kind"] as? String == "alert_resolved" })

            // The table shows whole seconds, so its column lines up whether or not a sender sent milliseconds.
            let table = try runAftermath(["incident", "list", "--archive", archive])
            let row = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix(id) })
            #expect(row.contains("2026-11-27T11:42:14Z") && !row.contains(".186Z"), "\(row)")

            let text = try runAftermath(["incident", "show", id, "--archive", archive])
            #expect(text.stdout.contains("checkout 5xx ratio above 5%"))

            let missing = try runAftermath(["incident", "show", "nope", "--archive", archive])
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("no incident 'nope'"))
        }

        @Test("quarantine list shows the unreadable delivery with where and why")
        func quarantineList() async throws {
            let dir = try TemporaryDirectory("cli-q")
            let archive = try await archiveWithIncident(dir)
            let result = try runAftermath(["quarantine", "list", "--json", "--archive", archive])
            #expect(result.status == 0, "\(result.stderr)")
            let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            #expect(entries.count == 1)
            #expect(entries.first?["source"] as? String == "opsgenie")
            #expect((entries.first?["error"] as? String)?.contains("opsgenie payload at") == true)
            #expect(entries.first?["body"] as? String == "{\"action\":")
        }

        /// A configuration listening beyond loopback, with credentials for the six paging senders, plus `more` source lines.
        static func offLoopback(token: String, more: [String]) -> String {
            let bearer = ["alertmanager", "grafana", "pagerduty", "victorops", "opsgenie"].map { "\($0): { bearer_token_file: \(token) }" }
            let lines = bearer + ["statuspage: { path_token_file: \(token) }"] + more
            return "server: { listen: \"0.0.0.0:0\" }\nsources:\n" + lines.map { "  " + $0 }.joined(separator: "\n")
        }

        @Test("serve refuses a non-loopback address while a source has no credentials, naming it")
        func refusesOpenSourcesOffLoopback() throws {
            let dir = try TemporaryDirectory("cli-open")
            let token = try dir.write("token", "t0ken")
            let config = try dir.write("aftermath.yaml", Self.offLoopback(token: token, more: ["generic: { enabled: false }"]))
            let result = try runAftermath(["serve", "--config", config, "--archive", dir.file("archive")])
            #expect(result.status != 0)
            #expect(result.stderr.contains("healthchecks"))
            #expect(!result.stderr.contains("alertmanager"))
            // github and argocd came later: unnamed, they are off beyond loopback, not a reason to refuse.
            #expect(!result.stderr.contains("github") && !result.stderr.contains("argocd"), "\(result.stderr)")
        }

        @Test("a configuration from before the change senders still starts beyond loopback; naming one without credentials refuses")
        func changeSendersOptInOffLoopback() async throws {
            let dir = try TemporaryDirectory("cli-optin")
            let token = try dir.write("token", "t0ken")
            let older = Self.offLoopback(token: token, more: ["healthchecks", "generic"].map { "\($0): { bearer_token_file: \(token) }" })
            let check = try runAftermath(["config", "check", "--config", try dir.write("older.yaml", older)])
            #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
            let config = try AftermathConfig.parse(yaml: older)
            #expect(try AftermathServer.authenticators(for: config, environment: [:]).keys.contains(.github) == false)
            #expect(config.source(.github).enabled == false && config.source(.argocd).enabled == false)
            #expect(try AftermathConfig.parse(yaml: "sources: {}").source(.github).enabled, "on loopback every source is on")

            let named = try dir.write("named.yaml", older + "\n  github: {}\n")
            let result = try runAftermath(["serve", "--config", named, "--archive", dir.file("archive")])
            #expect(result.status != 0)
            #expect(result.stderr.contains("github") && !result.stderr.contains("argocd"), "\(result.stderr)")
        }

        @Test("a configuration typo is an error naming the key")
        func configTypo() throws {
            let dir = try TemporaryDirectory("cli-typo")
            let config = try dir.write("aftermath.yaml", "sources:\n  alertmanager:\n    bearer_tokn_file: /x\n")
            let result = try runAftermath(["incident", "list", "--config", config, "--archive", dir.file("archive")])
            #expect(result.status != 0)
            #expect(result.stderr.contains("sources.alertmanager.bearer_tokn_file"))
        }
    }


}