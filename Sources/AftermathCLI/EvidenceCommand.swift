import ArgumentParser

/// `aftermath evidence …`: what was captured.
struct EvidenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence", abstract: "List and show captured evidence.",
        subcommands: [EvidenceListCommand.self, EvidenceShowCommand.self])
}
