import ArgumentParser

/// `aftermath site …`: the static HTML archive.
struct SiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site", abstract: "Build the static HTML archive (browsable from file://).",
        subcommands: [SiteBuildCommand.self])
}
