import AftermathCore
import Archive
import ArgumentParser
import Foundation

/// `aftermath evidence list INCIDENT [--json]`: every item captured for an incident.
struct EvidenceListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List an incident's evidence items.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The incident id.")
    var incident: String

    @Flag(help: "Print JSON records.")
    var json = false

    struct Entry: Encodable {
        let id: String
        let incident_id: String?
        let capture: Int64
        let collector: String
        let kind: EvidenceKind
        let name: String
        let host: String?
        let request: [String: String]
        let window_start: String
        let window_end: String
        let status: EvidenceStatus
        let error: String?
        let exit_code: Int32?
        let size: Int
        let sha256: String
        let redactions: Int
        let lines: Int
        let started_at: String
        let finished_at: String
    }

    func run() async throws {
        let (config, database) = try global.openArchive()
        guard try await database.incident(id: incident) != nil else {
            throw CLIError.unknownIncident(incident, in: config)
        }
        let items = try await database.evidence(incidentID: incident)
        if json {
            print(try JSONText.pretty(items.map { e in
                Entry(
                    id: e.id, incident_id: e.incidentID, capture: e.captureID, collector: e.collector, kind: e.kind, name: e.name,
                    host: e.host, request: e.requestFields,
                    window_start: Timestamp.format(e.windowStart), window_end: Timestamp.format(e.windowEnd), status: e.status,
                    error: e.error, exit_code: e.exitCode, size: e.size, sha256: e.sha256, redactions: e.redactions,
                    lines: e.lineCount, started_at: Timestamp.format(e.startedAt), finished_at: Timestamp.format(e.finishedAt))
            }))
            return
        }
        if items.isEmpty {
            let captures = try await database.captures(incidentID: incident)
            print(captures.isEmpty ? "no captures for \(incident)" : "captures planned, no evidence stored yet (\(captures.count) capture(s))")
            return
        }
        print(TextTable.render(
            header: ["ID", "CAPTURE", "COLLECTOR", "HOST", "STATUS", "BYTES", "REDACTED", "NAME / ERROR"],
            rows: items.map { e in
                [e.id, String(e.captureID), e.collector, e.host ?? "-", e.status.rawValue, String(e.size), String(e.redactions),
                 e.error.map { "\(e.name): \($0)" } ?? e.name]
            }))
    }
}
