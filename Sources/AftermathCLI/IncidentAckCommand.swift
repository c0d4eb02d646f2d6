import Archive
import ArgumentParser

/// `aftermath incident ack ID [--author A]`.
struct IncidentAckCommand: OperatorActionCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack", abstract: "Acknowledge an incident (a timeline event; the incident becomes acknowledged).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The incident id.")
    var id: String

    @Option(help: "Who acknowledges (default: $AFTERMATH_AUTHOR, $GIT_AUTHOR_NAME or $USER).")
    var author: String?

    var action: OperatorAction { .acknowledge }
}
