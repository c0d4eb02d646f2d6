import Archive
import ArgumentParser

/// `aftermath incident resolve ID [--author A]`.
struct IncidentResolveCommand: OperatorActionCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve", abstract: "Resolve an incident: plans its closing capture and schedules its postmortem.",
        discussion: """
            The closing capture is queued in the archive and run by `aftermath serve`; the postmortem is
            written postmortem.settle (default 30m) after now.
            """)

    @OptionGroup var target: OperatorActionOptions

    var action: OperatorAction { .resolve }
}
