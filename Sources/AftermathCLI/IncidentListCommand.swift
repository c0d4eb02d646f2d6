import AftermathCore
import Archive
import ArgumentParser
import Foundation

/// `aftermath incident list [--status S] [--limit N] [--json]`.
struct IncidentListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List incidents, newest first.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only incidents with this status: triggered, acknowledged, resolved.")
    var status: String?

    @Option(help: "At most this many incidents.")
    var limit: Int?

    @Flag(help: "Print JSON records (with alerts and timeline).")
    var json = false

    /// Shown after `resolved` while the incident's status page still shows it open.
    static let statusPageMarker = "[status page open]"

    func validate() throws {
        if let status, IncidentStatus(rawValue: status) == nil {
            throw ValidationError("--status must be one of triggered, acknowledged, resolved (got '\(status)')")
        }
    }

    func run() async throws {
        let (config, database) = try global.openArchive()
        let filter = IncidentFilter(status: status.flatMap(IncidentStatus.init(rawValue:)), limit: limit)
        let flags = try await database.statusPageFlags(config, now: Date())
        if json {
            let details = try await database.incidentDetails(filter)
            print(try JSONText.pretty(details.map { IncidentReport($0, statusPage: flags[$0.incident.id]) }))
            return
        }
        let incidents = try await database.incidents(filter)
        if incidents.isEmpty {
            print("no incidents in \(config.archiveDirectory)")
            return
        }
        print(TextTable.render(
            header: ["ID", "STATUS", "SEVERITY", "STARTED (UTC)", "DURATION", "SERVICES", "TITLE"],
            rows: incidents.map { i in
                [i.id, i.status.rawValue + (flags[i.id] == nil ? "" : " " + Self.statusPageMarker), i.severity.rawValue, Timestamp.formatSeconds(i.startedAt),
                 i.resolvedAt.map { DurationText.format($0.timeIntervalSince(i.startedAt)) } ?? "open",
                 i.services.joined(separator: ","), i.title]
            }))
    }
}
