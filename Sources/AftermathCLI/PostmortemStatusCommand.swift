import AftermathCore
import Archive
import ArgumentParser
import Foundation
import Postmortem

/// `aftermath postmortem status [--json]`.
struct PostmortemStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "List each incident's postmortem: state, file, due time, whether overdue.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Print JSON records.")
    var json = false

    /// The JSON shape of one row (absent values are null).
    struct Row: Encodable {
        let incident: String
        let title: String
        let incident_status: String
        let state: String
        @NullWhenAbsent var file: String?
        @NullWhenAbsent var due_at: String?
        @NullWhenAbsent var due_reason: String?
        let overdue: Bool
        @NullWhenAbsent var written_at: String?
        @NullWhenAbsent var last_error: String?
    }

    func run() async throws {
        let (config, database) = try global.openArchive()
        let revisions = try CLIError.reporting { try PostmortemRevisions(database: database, config: config, clock: SystemClock()) }
        let editor = PostmortemEditor.current(environment: ProcessInfo.processInfo.environment)
        let statuses = try await PostmortemOverview.all(database: database, revisions: revisions, editor: editor)
        let now = Date()
        let rows = statuses.map { s in
            Row(incident: s.incident.id, title: s.incident.title, incident_status: s.incident.status.rawValue,
                state: s.state.rawValue, file: s.path, due_at: s.dueAt.map(Timestamp.format), due_reason: s.dueReason?.rawValue,
                overdue: s.isOverdue(now: now), written_at: s.writtenAt.map(Timestamp.format), last_error: s.lastError)
        }
        try Self.listing.print(rows, json: json, record: { $0 }, none: "no incidents in \(config.archiveDirectory)")
    }

    static let listing = Listing<Row>(
        header: ["ID", "STATE", "DUE (UTC)", "OVERDUE", "FILE", "TITLE"],
        cells: { r in
            [r.incident, r.state, r.due_at ?? "-", r.overdue ? "yes" : "no", r.file ?? "-",
             r.title + (r.last_error.map { " (last error: \($0))" } ?? "")]
        })
}
