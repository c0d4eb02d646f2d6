import Archive
import ArgumentParser
import Foundation

/// `aftermath verify`: recompute every evidence hash and the chain; non-zero exit on any problem.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check that no evidence item was changed or deleted since it was stored.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let config = try global.loadConfig()
        let database = try global.openDatabase(config)
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
}
