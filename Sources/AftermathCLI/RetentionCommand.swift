import ArgumentParser

/// `aftermath retention …`: the retention policy (`retention:` in the configuration).
struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention", abstract: "Remove expired evidence content and raw webhook bodies, keeping hashes and the chain.",
        subcommands: [RetentionApplyCommand.self])
}
