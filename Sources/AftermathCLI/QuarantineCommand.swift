import ArgumentParser

/// `aftermath quarantine …`: deliveries kept but not applied.
struct QuarantineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine", abstract: "Authenticated deliveries that could not be read.",
        subcommands: [QuarantineListCommand.self])
}
