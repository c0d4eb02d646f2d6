import ArgumentParser

/// `aftermath incident …`: read the archive's incidents.
struct IncidentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident", abstract: "List, show and annotate incidents: notes, acknowledge, resolve.",
        subcommands: [
            IncidentListCommand.self, IncidentShowCommand.self, IncidentNoteCommand.self, IncidentAckCommand.self,
            IncidentResolveCommand.self, IncidentRelatedCommand.self,
        ])
}
