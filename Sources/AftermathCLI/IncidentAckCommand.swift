import Archive
import ArgumentParser

/// `aftermath incident ack ID [--author A]`.
struct IncidentAckCommand: OperatorActionCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack", abstract: "Acknowledge an incident (a timeline event; the incident becomes acknowledged).")

    @OptionGroup var target: OperatorActionOptions

    var action: OperatorAction { .acknowledge }
}
