import Archive
import ArgumentParser
import Foundation
import Site

/// `aftermath site build [--out DIR] [--progress]`: renders the archive and the postmortems into
/// static HTML, re-rendering only pages whose inputs changed.
struct SiteBuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Render incidents, postmortems and evidence into a static site (incremental).",
        discussion: "Writes to the configured `site` directory (default ./site). Only pages whose inputs changed are written; "
            + "pages of deleted items are removed. Prints one summary line; problems that did not stop the build "
            + "(a postmortem that does not parse, a citation of missing evidence) are listed as warnings.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Output directory (overrides the configuration's `site`).")
    var out: String?

    @Option(name: .long, help: "A templates folder whose site/ files override the built-in ones (overrides the configuration's `templates`).")
    var templates: String?

    @Flag(name: .long, help: "Show progress on stderr even when it is not a terminal.")
    var progress = false

    @Flag(name: .long, help: "Print nothing but warnings and errors.")
    var quiet = false

    @Flag(name: .long, help: "Also print how long each phase took (load, scan, digests, analyse, plan, render, finish).")
    var timings = false

    func run() async throws {
        var config = try global.loadConfig()
        if let templates { config.templatesDirectory = templates }
        let database = try global.openDatabase(config)
        let builder = SiteBuilder(config: config, database: database, outputDirectory: out)
        let reporter: (any SiteBuildProgress)? = (progress || TerminalProgress.standardErrorIsTerminal) && !quiet ? TerminalProgress() : nil
        let report: SiteBuildReport
        do {
            report = try await builder.build(progress: reporter)
        } catch let error as SiteBuildError {
            throw CLIError(error.description)
        }
        for warning in report.warnings {
            FileHandle.standardError.write(Data("warning: \(TextTable.sanitize(warning))\n".utf8))
        }
        if !quiet { print(report.summaryLine) }
        if timings {
            print("phases: " + report.phases.map { "\($0.name) \(String(format: "%.3f", $0.seconds)) s" }.joined(separator: ", "))
        }
    }
}
