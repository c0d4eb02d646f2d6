import AftermathCore
import Archive
import ArgumentParser
import Foundation
import Postmortem
import Site

/// `aftermath postmortem generate ID [--author A]`.
struct PostmortemGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Write or refresh an incident's postmortem now.",
        discussion: """
            A new file is written from the template (postmortem.template, default templates/postmortem.md).
            An existing one keeps every byte a person wrote: only the regions between aftermath:begin and
            aftermath:end markers and the front matter keys severity, services, started, detected,
            acknowledged, resolved and duration are refreshed. A file with status: final is left alone.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The incident id (from `incident list`).")
    var id: String

    @Option(help: "Who to record for edits found in the file since the last revision (default: $AFTERMATH_AUTHOR, $GIT_AUTHOR_NAME or $USER).")
    var author: String?

    func run() async throws {
        let (config, database) = try global.openArchive()
        var generator = try CLIError.reporting { try PostmortemGenerator(database: database, config: config, clock: SystemClock()) }
        let digests = PostmortemDigestSync(database: database, directory: config.postmortemsDirectory)
        generator.refreshDigests = { try await digests.run() }
        let editor = author ?? PostmortemEditor.current(environment: ProcessInfo.processInfo.environment)
        do {
            let result = try await generator.generate(incidentID: id, editor: editor)
            print(TextTable.sanitize(result.message))
        } catch let error as PostmortemError {
            throw CLIError(error.description)
        }
    }
}
