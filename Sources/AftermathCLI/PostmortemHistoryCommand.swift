import AftermathCore
import Archive
import ArgumentParser
import Foundation
import Postmortem

/// `aftermath postmortem history ID [--json] [--no-diff]`.
struct PostmortemHistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Show every revision of an incident's postmortem with its diff.",
        discussion: """
            Every write by the generator is a revision by `aftermath`; an edit made by a person is recorded
            the next time Aftermath reads the file (this command reads it first), attributed to
            $AFTERMATH_AUTHOR, $GIT_AUTHOR_NAME or $USER (the server records `unknown`).
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The incident id.")
    var id: String

    @Flag(help: "Print JSON records (diffs included).")
    var json = false

    @Flag(name: .customLong("no-diff"), help: "List the revisions without their diffs.")
    var noDiff = false

    /// The JSON shape of one revision.
    struct Row: Encodable {
        let revision: Int64
        let at: String
        let author: String
        let origin: String
        let summary: String
        let file: String
        let sha256: String
        let diff: String
    }

    func run() async throws {
        let (config, database) = try global.openArchive()
        guard try await database.incident(id: id) != nil else {
            throw CLIError.unknownIncident(id, in: config)
        }
        if let file = try await database.postmortem(incidentID: id)?.file {
            let revisions = try CLIError.reporting { try PostmortemRevisions(database: database, config: config, clock: SystemClock()) }
            try await revisions.observe(incidentID: id, file: file, author: PostmortemEditor.current(environment: ProcessInfo.processInfo.environment))
        }
        let revisions = try await database.postmortemRevisions(incidentID: id)
        if json {
            print(try JSONText.pretty(revisions.map { r in
                Row(revision: r.id ?? 0, at: Timestamp.format(r.at), author: r.author, origin: r.origin.rawValue,
                    summary: r.summary, file: r.file, sha256: r.sha256, diff: r.diff)
            }))
            return
        }
        if revisions.isEmpty {
            print("incident \(id) has no postmortem revisions yet")
            return
        }
        for revision in revisions {
            let sha = String(revision.sha256.prefix(12))
            print(TextTable.sanitize("revision \(revision.id ?? 0)  \(Timestamp.format(revision.at))  \(revision.author) (\(revision.origin.rawValue))  \(revision.summary)  \(revision.file) \(sha)"))
            if !noDiff, !revision.diff.isEmpty {
                print(TextTable.sanitizeBlock(revision.diff), terminator: revision.diff.hasSuffix("\n") ? "" : "\n")
            }
        }
    }
}
