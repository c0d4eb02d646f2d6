import Archive
import ArgumentParser
import Foundation
import IncidentBundle

/// `aftermath export INCIDENT [--out FILE.tar.gz]`: one incident as a self-contained, verifiable bundle.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write one incident as a self-contained bundle (.tar.gz) to hand to someone else.",
        discussion: "The bundle holds the postmortem, the incident, alerts and timeline as JSON, every evidence item as a file, "
            + "data/chain.json with each item's SHA-256 and place in the evidence chain, data/redaction.json, and a small "
            + "static site of the incident that opens from file:// (data/site/index.html). It is a BagIt bag: "
            + "`aftermath verify --bundle FILE` checks it anywhere, without this archive. Give the printed digest to the "
            + "recipient through another channel; this archive records it.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The incident id.")
    var incident: String

    @Option(name: .long, help: "Where to write the bundle (default ./aftermath-incident-<id>.tar.gz; never overwritten).")
    var out: String?

    func run() async throws {
        let (config, database) = try global.openArchive()
        let exporter = BundleExporter(
            database: database, config: config, softwareVersion: AftermathCommand.configuration.version)
        let result: ExportResult
        do {
            result = try await exporter.export(incidentID: incident, to: out, now: Date())
        } catch let failure as BundleFailure {
            throw CLIError("export: \(failure.description)")
        }
        print("wrote \(result.path): \(result.bytes) bytes, \(result.files) file(s), \(result.evidenceItems) evidence item(s), "
            + "\(result.sitePages) site page(s)")
        print("digest \(result.digest)  (SHA-256 of tagmanifest-sha256.txt; give it to the recipient separately)")
    }
}
