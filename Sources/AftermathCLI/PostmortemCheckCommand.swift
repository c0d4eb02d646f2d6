import AftermathCore
import Archive
import ArgumentParser
import Foundation
import Postmortem
import Redaction

/// `aftermath postmortem check [ID | FILE …] [--all]`: for CI in a team's postmortem repository.
struct PostmortemCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check postmortems; exit non-zero when any has a problem.",
        discussion: """
            Reports, as FILE:LINE: KIND: MESSAGE, front matter errors, required sections still empty
            (Summary, Impact, Timeline, Contributing factors, Action items), leftover template placeholders
            ({{…}} or [[…]]), citations of evidence ids the archive does not hold, and text the redaction
            rules (built-in and redaction.*) take for a secret.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Incident ids or postmortem file paths.")
    var targets: [String] = []

    @Flag(help: "Check every postmortem in <archive>/postmortems.")
    var all = false

    func validate() throws {
        if all == !targets.isEmpty {
            throw ValidationError(all ? "give incident ids or --all, not both" : "give an incident id, a file, or --all")
        }
    }

    func run() async throws {
        let (config, database) = try global.openArchive()
        let redactor = try global.redactor(config)
        let directory = config.postmortemsDirectory
        let revisions = PostmortemRevisions(database: database, directory: directory, clock: SystemClock(), redactor: redactor)
        let editor = PostmortemEditor.current(environment: ProcessInfo.processInfo.environment)
        var owners: [String: String] = [:]
        for record in try await database.postmortemRecords() {
            if let file = record.file { owners[file] = record.incidentID }
        }

        var files: [String] = []
        if all {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            files = names.filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted().map { (directory as NSString).appendingPathComponent($0) }
            if files.isEmpty { print("no postmortems in \(directory)") }
        } else {
            for target in targets {
                if target.hasSuffix(".md") || target.contains("/") {
                    files.append(target)
                } else if let file = try await database.postmortem(incidentID: target)?.file {
                    files.append((directory as NSString).appendingPathComponent(file))
                } else if try await database.incident(id: target) == nil {
                    throw CLIError.unknownIncident(target, in: config)
                } else {
                    throw CLIError("incident \(target) has no postmortem yet (see `aftermath postmortem status`; `aftermath postmortem generate \(target)` writes one)")
                }
            }
        }

        let checker = PostmortemChecker(redactor: redactor)
        var problems: [PostmortemProblem] = []
        for path in files {
            let name = (path as NSString).lastPathComponent
            let folder = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
            let inArchive = folder == URL(fileURLWithPath: directory).standardizedFileURL.path
            let owner = inArchive ? owners[name] : nil
            if let owner { try await revisions.observe(incidentID: owner, file: name, author: editor) }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError("\(path): cannot read the file")
            }
            let bytes = [UInt8](data)
            let existing = try await database.existingEvidenceIDs(PostmortemChecker.citedEvidence(in: bytes))
            problems += checker.check(bytes, file: path, existingEvidence: existing, expectedID: owner)
        }
        for problem in problems { print(TextTable.sanitize(problem.description)) }
        let summary = "\(problems.count) problem(s) in \(Set(problems.map(\.file)).count) of \(files.count) file(s)"
        FileHandle.standardError.write(Data((summary + "\n").utf8))
        if !problems.isEmpty { throw ExitCode(1) }
    }
}
