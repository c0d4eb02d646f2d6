import AftermathCore
import Archive
import ArgumentParser
import Foundation

/// `aftermath search QUERY [--incident ID] [--json]`: full-text search over captured lines;
/// `aftermath search --regex PATTERN [--collector NAME] …`: a regular expression over them.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search", abstract: "Search log lines and command output, newest first.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "Words to find; FTS5 syntax (\"a phrase\", prefix*, AND/OR/NOT) also works.")
    var query: String?

    @OptionGroup var regexOptions: RegexSearchOptions

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

    func validate() throws {
        guard (query == nil) != (regexOptions.regex == nil) else {
            throw ValidationError("give either words to find or --regex PATTERN (not both)")
        }
        if regexOptions.regex == nil, !regexOptions.onlyWithRegex.isEmpty {
            throw ValidationError("\(regexOptions.onlyWithRegex.joined(separator: ", ")) only applies with --regex")
        }
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        let (config, database) = try global.openArchive()
        guard let query else {
            try await regexOptions.run(database: database, incident: incident, limit: limit, json: json)
            return
        }
        let hits: [SearchHit]
        do {
            hits = try await database.search(query, incidentID: incident, limit: limit)
        } catch {
            throw CLIError("search '\(query)': \(error)")
        }
        try Self.print(hits, json: json, none: "no matches for \(query)")
    }

    /// The hits as a table (or `none` when there are none), or as JSON records.
    static func print(_ hits: [SearchHit], json: Bool, none: String) throws {
        try listing.print(hits, json: json, record: { h in
            Entry(incident_id: h.incidentID, evidence_id: h.evidenceID, line: h.lineNo, time: h.timestamp.map(Timestamp.format),
                  source: h.source, collector: h.collector, item: h.itemName, text: h.text)
        }, none: none)
    }

    static let listing = Listing<SearchHit>(
        header: ["INCIDENT", "ITEM", "LINE", "TIME (UTC)", "TEXT"],
        cells: { [$0.incidentID ?? "-", $0.evidenceID, String($0.lineNo), $0.timestamp.map(Timestamp.format) ?? "-", $0.text] })
}
