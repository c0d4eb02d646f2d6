import Archive
import ArgumentParser
import Foundation

/// `aftermath restore BACKUP`: brings a backup back into an archive directory that holds no database.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restore a backup made by `aftermath backup` into the archive directory.",
        discussion: "The target (--archive, or the configuration's `archive`) must hold no aftermath.sqlite: stop `serve` and move "
            + "the current archive aside first. Every file is checked against BACKUP.json and the database is checked before "
            + "anything is copied; the restored archive is verified afterwards.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The backup directory.")
    var backup: String

    func run() async throws {
        let config = try global.loadConfig()
        let result: (record: ArchiveBackup.Record, report: IntegrityReport)
        do {
            result = try await ArchiveBackup.restore(backup: backup, archiveDirectory: config.archiveDirectory)
        } catch let failure as ArchiveBackup.Failure {
            throw CLIError("restore: \(failure.description)")
        }
        let facts = result.record.facts
        print("restored archive \(facts.archiveID) (backup of \(result.record.createdAt)) into \(config.archiveDirectory): "
            + "\(facts.incidents) incident(s), \(facts.deliveries) deliveries, \(facts.evidence) evidence item(s), \(facts.postmortems) postmortem(s)")
        guard result.report.ok else {
            throw CLIError("the restored archive does not verify: " + result.report.problems.map(\.description).joined(separator: "; "))
        }
        print("ok: \(result.report.itemsChecked) evidence item(s) verified")
    }
}
