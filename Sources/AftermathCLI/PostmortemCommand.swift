import ArgumentParser

/// `aftermath postmortem …`: write, list, check and trace postmortems.
struct PostmortemCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postmortem", abstract: "Write, list, check and trace the Markdown postmortems.",
        subcommands: [
            PostmortemGenerateCommand.self, PostmortemStatusCommand.self, PostmortemCheckCommand.self,
            PostmortemHistoryCommand.self,
        ])
}
