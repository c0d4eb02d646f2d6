import ArgumentParser

/// `aftermath incident …`: read the archive's incidents.
struct IncidentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident", abstract: "List and show incidents.",
        subcommands: [IncidentListCommand.self, IncidentShowCommand.self])
}
