import AftermathCore
import Foundation
import Testing

extension EndToEnd {
    /// `aftermath change record` and `change list` as a user runs them.
    @Suite("aftermath change record / list")
    struct ChangeCLITests {
        @Test("record stores a redacted change once; list prints it as a table and as JSON, filtered by service")
        func recordAndList() throws {
            let dir = try TemporaryDirectory("change-cli")
            let archive = dir.file("archive")
            let record = try runAftermath([
                "change", "record", "--service", "api", "--kind", "deploy", "--version", "v1.2.3", "--by", "alice",
                "--at", "2026-11-27T11:30:14Z", "--link", "https://ci.example/runs/42?token=Tk9ChgCliQ", "--archive", archive,
            ])
            #expect(record.status == 0, "\(record.stderr)")
            #expect(record.stdout.contains("recorded change 1: deploy api v1.2.3 by alice at 2026-11-27T11:30:14Z"), "\(record.stdout)")
            let again = try runAftermath([
                "change", "record", "--service", "api", "--version", "v1.2.3", "--by", "alice", "--at", "2026-11-27T11:30:14Z", "--archive", archive,
            ])
            #expect(again.stdout.contains("already recorded change 1"), "\(again.stdout)")
            let rollback = try runAftermath(["change", "record", "--service", "db", "--kind", "rollback", "--version", "v7", "--at", "5m", "--archive", archive])
            #expect(rollback.status == 0, "\(rollback.stderr)")
            let bad = try runAftermath(["change", "record", "--service", "api", "--kind", "reboot", "--archive", archive])
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("--kind must be one of deploy, rollback, config, feature-flag"))

            let table = try runAftermath(["change", "list", "--archive", archive])
            #expect(table.status == 0, "\(table.stderr)")
            let lines = table.stdout.split(separator: "\n")
            #expect(lines.first?.contains("SERVICE") == true)
            #expect(lines.count == 3)
            #expect(lines[1].contains("db") && lines[1].contains("rollback"))  // newest first
            #expect(lines[2].contains("2026-11-27T11:30:14Z") && lines[2].contains("alice"))

            let json = try runAftermath(["change", "list", "--service", "api", "--json", "--archive", archive])
            #expect(json.status == 0, "\(json.stderr)")
            let records = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
            #expect(records.count == 1)
            let change = records[0]
            #expect(change["service"] as? String == "api")
            #expect(change["kind"] as? String == "deploy")
            #expect(change["version"] as? String == "v1.2.3")
            #expect(change["actor"] as? String == "alice")
            #expect(change["at"] as? String == "2026-11-27T11:30:14Z")
            #expect(change["source"] as? String == "cli")
            let link = try #require(change["link"] as? String)
            #expect(link.hasPrefix("https://ci.example/runs/42?token=") && !link.contains("Tk9ChgCliQ"), "\(link)")
            #expect(ArchiveGrep.find(["Tk9ChgCliQ"], under: [archive]).isEmpty)

            let none = try runAftermath(["change", "list", "--service", "web", "--archive", archive])
            #expect(none.stdout.contains("no changes to web"))
        }
    }
}
