import ArgumentParser

/// `aftermath config …`: the configuration file.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check the configuration and show what takes effect.",
        subcommands: [ConfigCheckCommand.self])
}
