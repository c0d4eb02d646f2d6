import AftermathCore
import Archive
import ArgumentParser
import Foundation

/// `aftermath incident show ID [--json]`.
struct IncidentShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one incident with its alerts and timeline.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The incident id (from `incident list`).")
    var id: String

    @Flag(help: "Print a JSON record.")
    var json = false

    func run() async throws {
        let (config, database) = try global.openArchive()
        guard let detail = try await database.incident(id: id) else {
            throw CLIError.unknownIncident(id, in: config)
        }
        let flag = try await database.statusPageFlags(config, now: Date())[id]
        if json {
            print(try JSONText.pretty(IncidentReport(detail, statusPage: flag)))
            return
        }
        let i = detail.incident
        print("\(i.id)  \(i.title)")
        print("status     \(i.status.rawValue)")
        print("severity   \(i.severity.rawValue)")
        print("source     \(i.source.rawValue)")
        print("services   \(i.services.isEmpty ? "-" : i.services.joined(separator: ", "))")
        print("started    \(Timestamp.format(i.startedAt))")
        print("acked      \(i.acknowledgedAt.map(Timestamp.format) ?? "-")")
        print("resolved   \(i.resolvedAt.map(Timestamp.format) ?? "-")")
        if let flag {
            print("statuspage still open (flagged since \(Timestamp.format(flag.flaggedAt))): \(flag.summary)")
        }
        if let link = i.link { print("link       \(link)") }
        if !i.labels.isEmpty {
            print("labels     " + i.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
        print("\nALERTS (\(detail.alerts.count))")
        print(TextTable.render(
            header: ["FINGERPRINT", "STATUS", "STARTS", "ENDS", "NAME"],
            rows: detail.alerts.map { [$0.fingerprint, $0.status.rawValue, Timestamp.format($0.startsAt), $0.endsAt.map(Timestamp.format) ?? "-", $0.name] }))
        print("\nTIMELINE")
        print(TextTable.render(
            header: ["AT (UTC)", "KIND", "SOURCE", "EVENT"],
            rows: detail.timeline.map { [Timestamp.format($0.at), $0.kind.rawValue, $0.source, Self.eventText($0)] }))
    }
}

extension IncidentShowCommand {
    /// A chat message's line names its author (`alice: looking.`); other events say who in their text.
    static func eventText(_ event: TimelineEventRecord) -> String {
        guard event.kind == .chatMessage, let author = event.actor else { return event.text }
        return "\(author): \(event.text)"
    }
}
