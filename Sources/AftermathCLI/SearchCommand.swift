import AftermathCore
import Archive
import ArgumentParser
import Foundation

/// `aftermath search QUERY [--incident ID] [--json]`: full-text search over captured lines.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search log lines and command output, newest first.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Words to find; FTS5 syntax (\"a phrase\", prefix*, AND/OR/NOT) also works.")
    var query: String

    @Option(help: "Only this incident's evidence.")
    var incident: String?

    @Option(help: "At most this many hits.")
    var limit: Int = 50

    @Flag(help: "Print JSON records.")
    var json = false

    struct Entry: Encodable {
        let incident_id: String?
        let evidence_id: String
        let line: Int
        let time: String?
        let source: String
        let collector: String
        let item: String
        let text: String
    }

    func run() async throws {
        let config = try global.loadConfig()
        let database = try global.openDatabase(config)
        let hits: [SearchHit]
        do {
            hits = try await database.search(query, incidentID: incident, limit: limit)
        } catch {
            throw CLIError("search '\(query)': \(error)")
        }
        if json {
            print(try JSONText.pretty(hits.map {
                Entry(incident_id: $0.incidentID, evidence_id: $0.evidenceID, line: $0.lineNo, time: $0.timestamp.map(Timestamp.format),
                      source: $0.source, collector: $0.collector, item: $0.itemName, text: $0.text)
            }))
            return
        }
        if hits.isEmpty {
            print("no matches for \(query)")
            return
        }
        print(TextTable.render(
            header: ["INCIDENT", "ITEM", "LINE", "TIME (UTC)", "TEXT"],
            rows: hits.map { [$0.incidentID ?? "-", $0.evidenceID, String($0.lineNo), $0.timestamp.map(Timestamp.format) ?? "-", $0.text] }))
    }
}
