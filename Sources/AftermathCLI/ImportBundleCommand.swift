import Archive
import ArgumentParser
import Foundation
import IncidentBundle

/// `aftermath import [bundle] FILE`: adds an incident bundle to this archive, once.
struct ImportBundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle", abstract: "Add an incident bundle (from `aftermath export`) to this archive.",
        discussion: "The bundle is checked first; one that does not check out is refused, naming the changed files. Its "
            + "evidence is appended to this archive's chain (each item keeps its original chain link as provenance), keeping "
            + "its ids where they are free and renumbering them otherwise (citations follow). Importing the same bundle, or "
            + "another bundle of the same incident, twice adds nothing.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The bundle: a .tar.gz, or the directory it was unpacked into.")
    var bundle: String

    func run() async throws {
        let (config, database) = try global.openArchive()
        let importer = BundleImporter(database: database, postmortemsDirectory: config.postmortemsDirectory)
        let outcome: (result: ImportResult, check: BundleCheck)
        do {
            outcome = try await importer.importBundle(path: bundle, now: Date())
        } catch let failure as BundleFailure {
            throw CLIError("import: \(failure.description)")
        } catch let refusal as ImportRefusal {
            throw CLIError("import: \(refusal.description)")
        } catch let failure as BundleImportError {
            throw CLIError("import: \(failure.description)")
        }
        let r = outcome.result
        print("imported incident \(r.incidentID) from archive \(outcome.check.archiveID): \(r.alerts) alert(s), \(r.timelineEvents) "
            + "timeline event(s), \(r.deliveries) \(r.deliveries == 1 ? "delivery" : "deliveries"), \(r.evidenceIDs.mapping.count) evidence item(s), "
            + "\(r.changes) change(s)"
            + (r.postmortem.map { ", postmortem \($0.file)" } ?? ""))
        if !r.evidenceIDs.isIdentity {
            let renamed = r.evidenceIDs.mapping.sorted { $0.key.count == $1.key.count ? $0.key < $1.key : $0.key.count < $1.key.count }
            print("evidence renumbered: " + renamed.map { "\($0.key)→\($0.value)" }.joined(separator: ", "))
        }
    }
}
