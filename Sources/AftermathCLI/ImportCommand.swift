import ArgumentParser

/// `aftermath import FILE` (a bundle, as ever) and `aftermath import slack EXPORT …`.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Add an incident bundle, or a chat transcript, to this archive.",
        discussion: "`aftermath import FILE` imports a bundle (the same as `aftermath import bundle FILE`).",
        subcommands: [ImportBundleCommand.self, ImportSlackCommand.self], defaultSubcommand: ImportBundleCommand.self)
}
