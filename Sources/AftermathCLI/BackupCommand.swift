import AftermathCore
import Archive
import ArgumentParser
import Foundation

/// `aftermath backup DEST`: an online, consistent, verified copy of the archive.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Copy the archive (database and postmortems) while it runs, and check the copy.",
        discussion: "DEST must not exist or be empty. The database is copied with SQLite's VACUUM INTO from one read snapshot, "
            + "so `serve` keeps accepting webhooks and the copy holds every delivery committed before it started. The copy is "
            + "checked (PRAGMA integrity_check and the evidence chain) before BACKUP.json is written. Restore with `aftermath restore DEST`.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The directory to write the backup into.")
    var destination: String

    func run() async throws {
        let (config, database) = try global.openArchive()
        let started = Date()
        let result: (record: ArchiveBackup.Record, check: DatabaseFileCheck)
        do {
            result = try await ArchiveBackup.create(
                database: database, postmortemsDirectory: config.postmortemsDirectory, destination: destination, now: started)
        } catch let failure as ArchiveBackup.Failure {
            throw CLIError("backup: \(failure.description)")
        }
        let facts = result.record.facts
        for file in result.record.files {
            print("wrote \((destination as NSString).appendingPathComponent(file.path))  \(file.size) bytes  sha256 \(file.sha256)")
        }
        print("wrote \((destination as NSString).appendingPathComponent(ArchiveBackup.recordName))")
        print("checked: SQLite integrity \(result.check.integrity); \(result.check.chain.itemsChecked) evidence item(s) and "
            + "\(result.check.chain.capturesChecked) capture manifest(s) verified; chain head seq \(facts.chainHeadSeq) \(facts.chainHeadHash)")
        print("backup of archive \(facts.archiveID): \(facts.incidents) incident(s), \(facts.deliveries) deliveries, "
            + "\(facts.evidence) evidence item(s), \(facts.postmortems) postmortem(s); snapshot taken at or after \(Timestamp.format(started))")
    }
}
