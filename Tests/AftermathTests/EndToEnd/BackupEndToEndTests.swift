import AftermathCore
@testable import Archive
import AsyncHTTPClient
import Foundation
import GRDB
import Testing

extension EndToEnd {
    /// `aftermath backup` while `aftermath serve` takes a burst of webhooks, then `aftermath restore`.
    @Suite("Backup and restore during a webhook burst")
    struct BackupEndToEndTests {
        @Test("A backup taken during a burst restores with every delivery acknowledged before it began, and verifies")
        func backupDuringBurst() async throws {
            let world = try LongevityWorld("backup")
            let server = try await AftermathProcess(archive: world.archive, config: world.config, logPath: world.dir.file("serve.log"))
            defer { server.process.stop() }
            // Some evidence first, so the backup has a chain to verify.
            let first = try await LongevityWorld.openIncident(server, key: "before-burst", title: "before the burst")
            let database = try AppDatabase(directory: world.archive)
            _ = try await Wait.until("the first capture to store evidence", timeout: 60) {
                try await database.evidence(incidentID: first).count >= 3 ? true : nil
            }
            try database.close()

            let acknowledged = AckSet()
            let failures = AckSet()
            let stop = AckSet()
            let url = "\(server.baseURL)/hooks/generic"
            let burst = Task {
                await withTaskGroup(of: Void.self) { group in
                    for sender in 0..<8 {
                        group.addTask {
                            var n = sender
                            while stop.count == 0 && n < 20_000 {
                                let body = Array(#"{"key":"burst-\#(n)","status":"firing","title":"burst \#(n)"}"#.utf8)
                                let status = await HTTPClient.shared.postStatus(url, body: body, timeout: 20)
                                if status == 202 { acknowledged.insert(n) } else { failures.insert(n) }
                                n += 8
                            }
                        }
                    }
                }
            }
            _ = try await Wait.until("100 acknowledged deliveries", timeout: 120, interval: 0.01) { acknowledged.count >= 100 ? true : nil }
            // Everything acknowledged up to here must be in the backup, which starts now.
            let before = acknowledged.all
            let backupDirectory = world.dir.file("backup")
            let backup = try await world.cli(["backup", backupDirectory])
            let duringBackup = acknowledged.count - before.count
            _ = try await Wait.until("a few deliveries after the backup", timeout: 60, interval: 0.01) {
                acknowledged.count >= before.count + duringBackup + 20 ? true : nil
            }
            stop.insert(1)
            await burst.value
            #expect(backup.status == 0, "backup failed: \(backup.stderr)")
            #expect(backup.stdout.contains("checked: SQLite integrity ok"), "\(backup.stdout)")
            #expect(backup.stdout.contains("wrote \(backupDirectory)/aftermath.sqlite"), "\(backup.stdout)")
            #expect(failures.count == 0, "\(failures.count) webhook(s) were not answered 202 during the burst and backup")
            #expect(acknowledged.count > before.count, "intake stopped while the backup ran")

            // Restore into a new archive directory, as after losing the machine.
            let restored = world.dir.file("restored")
            let restore = try await aftermath(["restore", backupDirectory, "--archive", restored])
            #expect(restore.status == 0, "restore failed: \(restore.stderr)")
            let verify = try await aftermath(["verify", "--archive", restored])
            #expect(verify.status == 0, "verify on the restored archive: \(verify.stderr)")
            #expect(verify.stdout.hasPrefix("ok: "), "\(verify.stdout)")
            let checker = try await PythonChecker.run([restored])
            #expect(checker.status == 0, "the independent checker on the restored archive: \(checker.stdout)")

            let restoredDatabase = try AppDatabase(directory: restored)
            let titles = try await restoredDatabase.writer.read { db in try String.fetchAll(db, sql: "SELECT title FROM incident") }
            let present = Set(titles.compactMap { $0.hasPrefix("burst ") ? Int($0.dropFirst(6)) : nil })
            let missing = before.subtracting(present)
            #expect(missing.isEmpty, "acknowledged before the backup but not in it: \(missing.sorted().prefix(20))")
            #expect(titles.contains("before the burst"))
            #expect(try await restoredDatabase.evidence(incidentID: first).count >= 3)
            #expect(try restoredDatabase.integrityCheck() == "ok")
            // The restored archive is a working archive: a second restore into it is refused, not merged.
            let again = try await aftermath(["restore", backupDirectory, "--archive", restored])
            #expect(again.status != 0)
            #expect(again.stderr.contains("exists"), "\(again.stderr)")
            try restoredDatabase.close()
        }

        @Test("A backup whose copy was changed is refused by restore, naming the file")
        func changedBackupRefused() async throws {
            let world = try LongevityWorld("backup-changed")
            let database = try AppDatabase(directory: world.archive)
            try database.close()
            let backupDirectory = world.dir.file("backup")
            let backup = try await world.cli(["backup", backupDirectory])
            #expect(backup.status == 0, "\(backup.stderr)")
            try flipByte((backupDirectory as NSString).appendingPathComponent("aftermath.sqlite"), at: 200)
            let restore = try await aftermath(["restore", backupDirectory, "--archive", world.dir.file("restored")])
            #expect(restore.status != 0)
            #expect(restore.stderr.contains("aftermath.sqlite: changed"), "\(restore.stderr)")
            #expect(!FileManager.default.fileExists(atPath: world.dir.file("restored/aftermath.sqlite")))
        }
    }
}
