import AftermathCore
import Archive
import ArgumentParser
import ChatImport
import Foundation
import Postmortem
import Redaction

/// `aftermath import slack EXPORT --channel NAME --incident ID [--from T --to T]`.
struct ImportSlackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slack", abstract: "Import a channel's messages from a Slack export into an incident's timeline.",
        discussion: """
            Reads Slack's standard workspace export (the .zip, or the folder it unpacks to) and adds the channel's messages \
            within the incident's window — from capture.lookback before it started until capture.lookahead after it \
            resolved, or now while it is open; --from/--to choose another, a side not given keeping its default — \
            to its timeline, with author names from users.json. Text is redacted before it is stored. The messages become one transcript evidence item the \
            postmortem's Communications section cites line by line. Importing the same messages again adds nothing.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The Slack export: its .zip, or the directory it was unpacked into.")
    var export: String

    @Option(help: "The channel, by name (`inc-api` or `#inc-api`) or id.")
    var channel: String

    @Option(help: "The incident id.")
    var incident: String

    @OptionGroup var window: WindowOptions

    @Option(help: "Who is importing (default: $AFTERMATH_AUTHOR, $GIT_AUTHOR_NAME or $USER).")
    var by: String?

    func run() async throws {
        let (config, database) = try global.openArchive()
        let redactor = try global.redactor(config)
        let importer = SlackImporter(
            database: database, redactor: redactor, lookback: config.capture.lookback, lookahead: config.capture.lookahead)
        let now = Date()
        let who = by ?? PostmortemEditor.current(environment: ProcessInfo.processInfo.environment)
        let outcome: SlackImporter.Outcome
        do {
            outcome = try await importer.run(
                path: export, channel: channel, incidentID: incident, window: try chosenWindow(importer, database: database, now: now),
                importedBy: who, now: now)
        } catch let error as SlackExportError {
            throw CLIError("import slack: \(error.description)")
        } catch let error as IncidentActionError {
            throw CLIError("import slack: \(error.description)")
        }
        let r = outcome.result
        let span = "\(Timestamp.format(outcome.window.start)) → \(Timestamp.format(outcome.window.end))"
        if let id = r.evidenceID {
            print("imported \(r.added) new message(s) from #\(outcome.channel.name) into \(incident) as \(id) (\(span)); "
                + "\(r.alreadyImported) already imported, \(outcome.noiseSkipped) join/leave message(s) skipped, "
                + "\(r.redactions) secret(s) redacted")
        } else {
            print("0 new messages from #\(outcome.channel.name) (\(outcome.found) in \(span), all imported before); nothing changed")
        }
    }

    /// The window from --from/--to; nil for the incident's own. One side given takes the other from the default.
    private func chosenWindow(_ importer: SlackImporter, database: AppDatabase, now: Date) async throws -> DateInterval? {
        guard window.isGiven else { return nil }
        guard let record = try await database.incident(id: incident)?.incident else {
            throw CLIError("import slack: \(IncidentActionError.unknownIncident(incident).description)")
        }
        let fallback = importer.window(for: record, now: now)
        return try window.window(start: { _ in fallback.start }, end: fallback.end)
    }
}
