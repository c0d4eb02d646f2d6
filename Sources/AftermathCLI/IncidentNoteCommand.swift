import AftermathCore
import Archive
import ArgumentParser
import Foundation
import Postmortem
import Redaction
import Server

/// `aftermath incident note ID "text" [--author A]`.
struct IncidentNoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Add a note to an incident's timeline (it appears in the postmortem).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The incident id.")
    var id: String

    @Argument(help: "The note (one line; line breaks become spaces; secrets are redacted).")
    var text: String

    @Option(help: "Who wrote it (default: $AFTERMATH_AUTHOR, $GIT_AUTHOR_NAME or $USER).")
    var author: String?

    func run() async throws {
        let config = try global.loadConfig()
        let database = try global.openDatabase(config)
        let redactor: Redactor
        do {
            redactor = try Redactor(config: config.redaction)
        } catch {
            throw CLIError("\(error)")
        }
        let who = author ?? PostmortemEditor.current(environment: ProcessInfo.processInfo.environment)
        let hooks = Pipeline.intakeHooks(config: config)
        do {
            let outcome = try await database.addNote(
                incidentID: id, text: redactor.redact(text).text, author: redactor.redact(who).text, source: "cli",
                at: Date(), hooks: hooks)
            print("noted on \(id) at \(Timestamp.format(outcome.event?.at ?? Date()))")
        } catch let error as IncidentActionError {
            throw CLIError(error.description)
        }
    }
}
