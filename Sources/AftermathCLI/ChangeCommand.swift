import AftermathCore
import Archive
import ArgumentParser
import Foundation
import Postmortem
import Redaction
import Server

/// `aftermath change …`: deploys, rollbacks, config and feature-flag changes.
struct ChangeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "change", abstract: "Record and list changes to services (deploys, rollbacks, config, feature flags).",
        subcommands: [ChangeRecordCommand.self, ChangeListCommand.self])
}

/// `aftermath change record --service S --kind K --version V [--by NAME] [--at T] [--link URL]`.
struct ChangeRecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Record a change; incident pages and postmortems show it around the first symptom.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The service changed.")
    var service: String

    @Option(help: "deploy, rollback, config or feature-flag.")
    var kind: String = ChangeKind.deploy.rawValue

    @Option(help: "The version or ref (v1.2.3, a commit, a flag's new value).")
    var version: String = ""

    @Option(help: "Who made it (default: $AFTERMATH_AUTHOR, $GIT_AUTHOR_NAME or $USER).")
    var by: String?

    @Option(help: "When: an RFC 3339 time, or a duration ago (10m). Default: now.")
    var at: String?

    @Option(help: "A link to the change (a pipeline run, a pull request).")
    var link: String?

    func validate() throws {
        if ChangeKind(rawValue: kind) == nil {
            throw ValidationError("--kind must be one of \(ChangeKind.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(kind)')")
        }
        if service.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--service must not be empty") }
    }

    /// `text` as an RFC 3339 time or a duration before `now`.
    static func parseTime(_ text: String, now: Date) throws -> Date {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let date = try? Timestamp.parse(t) { return date }
        if let back = try? DurationText.parse(t) { return now - back }
        throw ValidationError("--at \(text): write an RFC 3339 time (2026-11-27T11:42:14Z) or a duration ago (10m)")
    }

    func run() async throws {
        let (config, database) = try global.openArchive()
        let redactor = try global.redactor(config)
        let now = Date()
        let when = try at.map { try Self.parseTime($0, now: now) } ?? now
        let who = by ?? PostmortemEditor.current(environment: ProcessInfo.processInfo.environment)
        let kind = ChangeKind(rawValue: kind) ?? .deploy
        var change = ChangeEvent(
            source: "cli", dedupKey: "", service: service.trimmingCharacters(in: .whitespaces), kind: kind, version: version,
            actor: who.isEmpty ? nil : who, at: when, link: link)
        change.dedupKey = IncomingDelivery.sha256Hex(Array(
            [change.service, kind.rawValue, change.version, Timestamp.formatMillis(when)].joined(separator: "\n").utf8))
        let redacted = redactor.redacted(change).change
        let (record, duplicate) = try await database.recordChange(redacted, now: now)
        print("\(duplicate ? "already recorded" : "recorded") change \(record.id): \(record.event.headline) at \(Timestamp.format(record.at))")
    }
}

/// `aftermath change list [--service S] [--limit N] [--json]`.
struct ChangeListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List changes, newest first.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only changes to this service.")
    var service: String?

    @Option(help: "At most this many changes.")
    var limit: Int?

    @Flag(help: "Print JSON records.")
    var json = false

    func run() async throws {
        let (config, database) = try global.openArchive()
        let changes = try await database.changes(service: service, limit: limit)
        try Self.listing.print(
            changes, json: json, record: ChangeReport.init,
            none: service.map { "no changes to \($0) in \(config.archiveDirectory)" } ?? "no changes in \(config.archiveDirectory)")
    }

    static let listing = Listing<ChangeRecord>(
        header: ["ID", "AT (UTC)", "SERVICE", "KIND", "VERSION", "STATUS", "BY", "SOURCE", "LINK"],
        cells: { c in
            [String(c.id), Timestamp.format(c.at), c.service, c.kind.rawValue, c.version.isEmpty ? "-" : c.version,
             c.status ?? "-", c.actor ?? "-", c.source, c.link ?? "-"]
        })
}
