import AftermathCore
import Archive
import ArgumentParser
import Foundation
import Site

/// `aftermath incident related ID [--limit N] [--json]`: the "seen before" list.
struct IncidentRelatedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "related", abstract: "Earlier incidents that share this one's alert, service or alert group, newest first.",
        discussion: """
            The same list the incident page and the postmortem show. Incidents sharing the alert group or an
            alert name come first in the selection; those sharing only a service fill the rest. Summaries and
            open action items are read from the postmortem files (only files changed since last read).
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The incident id (from `incident list`).")
    var id: String

    @Option(help: "At most this many earlier incidents (default 10, as on the site).")
    var limit = 10

    @Flag(help: "Print a JSON record.")
    var json = false

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
    }

    /// The JSON shape.
    struct Record: Encodable {
        struct Match: Encodable {
            let same_group: Bool
            let alert_names: [String]
            let services: [String]
            let explanation: String
        }

        struct Entry: Encodable {
            let id: String
            let title: String
            let status: String
            let started_at: String
            @NullWhenAbsent var resolved_at: String?
            @NullWhenAbsent var duration_seconds: Double?
            let postmortem_status: String
            @NullWhenAbsent var postmortem_file: String?
            @NullWhenAbsent var summary: String?
            let open_action_items: [String]
            let match: Match
        }

        struct Count: Encodable {
            let kind: String
            let value: String
            let earlier: Int
        }

        let incident: String
        let related: [Entry]
        let counts: [Count]
    }

    func run() async throws {
        let (config, database) = try global.openArchive()
        try await PostmortemDigestSync(database: database, directory: config.postmortemsDirectory).run()
        guard let related = try await database.relatedIncidents(to: id, limit: limit) else {
            throw CLIError.unknownIncident(id, in: config)
        }
        if json {
            print(try JSONText.pretty(Self.record(related)))
            return
        }
        let counts = related.counts.filter { $0.earlier > 0 }.map { count -> String in
            switch count.kind {
            case "group": return "its alert group opened \(count.earlier)"
            case "alert": return "\(count.value) fired in \(count.earlier)"
            default: return "service \(count.value) had \(count.earlier)"
            }
        }
        guard !related.incidents.isEmpty else {
            print("no earlier incident shares \(id)'s alerts, services or alert group")
            return
        }
        print("\(related.incidents.count) earlier incident(s) related to \(id), newest first"
            + (counts.isEmpty ? "" : " (all earlier: \(counts.joined(separator: "; ")))"))
        for entry in related.incidents {
            print("")
            print(TextTable.sanitize("\(Timestamp.format(entry.startedAt))  \(entry.match.incidentID)  \(entry.title)"))
            let lasted = entry.durationSeconds.map { "lasted \(Display.duration($0))" } ?? "still \(entry.status.rawValue)"
            print(TextTable.sanitize("  \(lasted) · postmortem \(entry.postmortemStatus) · \(entry.match.explanation)"))
            if let summary = entry.summary { print(TextTable.sanitize("  summary: \(summary)")) }
            if !entry.openActions.isEmpty { print(TextTable.sanitize("  open action items: " + entry.openActions.joined(separator: "; "))) }
        }
    }

    static func record(_ related: RelatedIncidents) -> Record {
        Record(
            incident: related.incidentID,
            related: related.incidents.map { e in
                Record.Entry(
                    id: e.match.incidentID, title: e.title, status: e.status.rawValue, started_at: Timestamp.format(e.startedAt),
                    resolved_at: e.resolvedAt.map(Timestamp.format), duration_seconds: e.durationSeconds.map { ($0 * 1000).rounded() / 1000 },
                    postmortem_status: e.postmortemStatus, postmortem_file: e.postmortemFile, summary: e.summary,
                    open_action_items: e.openActions,
                    match: Record.Match(
                        same_group: e.match.sameGroup, alert_names: e.match.alertNames, services: e.match.services,
                        explanation: e.match.explanation))
            },
            counts: related.counts.map { Record.Count(kind: $0.kind, value: $0.value, earlier: $0.earlier) })
    }
}
