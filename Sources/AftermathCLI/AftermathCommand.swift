// AftermathCLI owns the command tree: arguments, what is printed, exit codes. Each command is one
// file and calls the stage that does the work (Pipeline, Archive, Site, …); it must not hold logic
// those stages need, so the server and the CLI never disagree.

import ArgumentParser

/// `aftermath`: the root of the command tree.
public struct AftermathCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "aftermath",
        abstract: "Incident evidence archive: webhooks in, evidence, postmortems and a static site out.",
        version: "aftermath 0.1.0",
        subcommands: [
            InitCommand.self, ConfigCommand.self, ServeCommand.self, IncidentCommand.self, QuarantineCommand.self, CaptureCommand.self, EvidenceCommand.self,
            SearchCommand.self, VerifyCommand.self, SiteCommand.self, PostmortemCommand.self,
            BackupCommand.self, RestoreCommand.self, RetentionCommand.self, ExportCommand.self, ImportCommand.self,
            InsightsCommand.self, ChangeCommand.self,
        ]
    )

    public init() {}
}
