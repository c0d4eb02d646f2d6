import Archive
import ArgumentParser
import Foundation
import IncidentBundle

/// `aftermath verify`: recompute every evidence hash and the chain; non-zero exit on any problem.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check that no evidence item was changed or deleted since it was stored.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Check an incident bundle (.tar.gz or unpacked directory) instead of the archive; needs no archive.")
    var bundle: String?

    func run() async throws {
        if let bundle { return try await verifyBundle(bundle) }
        let (config, database) = try global.openArchive()
        let report = try await database.verify()
        let integrity = try database.integrityCheck()
        if report.ok && integrity == "ok" {
            var line = "ok: \(report.itemsChecked) evidence item(s) and \(report.capturesChecked) capture manifest(s) verified; SQLite integrity ok"
            if report.contentRemoved > 0 {
                line += "; \(report.contentRemoved) item(s) had their content removed by retention (hash, size and chain link checked)"
            }
            if report.originsChecked > 0 { line += "; \(report.originsChecked) imported item(s) match their original chain links" }
            print(line)
            return
        }
        for problem in report.problems {
            FileHandle.standardError.write(Data("CHANGED \(problem)\n".utf8))
        }
        if integrity != "ok" {
            FileHandle.standardError.write(Data("SQLite integrity_check: \(integrity)\n".utf8))
        }
        throw CLIError("verification failed: \(report.problems.count) problem(s) in \(report.itemsChecked) item(s)")
    }

    /// Checks a bundle by its own manifests and chain links; names every changed, missing or added file.
    private func verifyBundle(_ path: String) async throws {
        let contents: BundleContents
        do {
            contents = try BundleContents.read(path: path)
        } catch let failure as BundleFailure {
            FileHandle.standardError.write(Data("CHANGED \(failure.description)\n".utf8))
            throw CLIError("verification failed: the bundle could not be read")
        }
        let check = BundleVerifier.check(contents)
        guard check.ok else {
            for problem in check.problems { FileHandle.standardError.write(Data("CHANGED \(problem)\n".utf8)) }
            throw CLIError("verification failed: \(check.problems.count) problem(s) in bundle \(path)")
        }
        print("ok: bundle of incident \(check.incidentID) from archive \(check.archiveID): \(check.files) file(s) and "
            + "\(check.evidenceItems) evidence chain link(s) match; digest \(check.digest)")
        // With an archive at hand that issued this bundle, say so (never required).
        let config = try global.loadConfig()
        let databasePath = (config.archiveDirectory as NSString).appendingPathComponent("aftermath.sqlite")
        if FileManager.default.fileExists(atPath: databasePath), let database = try? AppDatabase(directory: config.archiveDirectory),
           let record = try? await database.exportRecord(digest: check.digest) {
            print("this archive exported it on \(record.at) (incident \(record.incidentID))")
        }
    }
}
