import Archive
import ArgumentParser

/// `aftermath incident note ID "text" [--author A]`.
struct IncidentNoteCommand: OperatorActionCommand {
    static let configuration = CommandConfiguration(
        commandName: "note", abstract: "Add a note to an incident's timeline (it appears in the postmortem).")

    @OptionGroup var target: OperatorActionOptions

    @Argument(help: "The note (one line; line breaks become spaces; secrets are redacted).")
    var text: String

    var action: OperatorAction { .note(text) }
}
