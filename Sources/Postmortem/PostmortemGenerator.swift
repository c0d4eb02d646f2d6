// Postmortem owns the provisional postmortem Markdown: rendering from the template, merging with
// people's edits, scheduling and checks. It reads the archive and its stored evidence format; it
// must not depend on Capture (collectors) nor write HTML.

import AftermathCore
import Archive
import Foundation
import Redaction
import Settings
import PostmortemFormat

/// Writes and refreshes postmortem files, recording every change as a revision.
///
/// A new file is rendered whole. An existing one is merged: only the inside of intact
/// `aftermath:begin/end` regions and the front matter's machine keys are replaced; every other
/// byte stays as the person left it. A file whose status is `final` (or an alias of it, such as
/// `done`: `PostmortemStatus`) is never changed.
public struct PostmortemGenerator: Sendable {
    /// The archive.
    public let database: AppDatabase
    /// `<archive>/postmortems`.
    public let directory: String
    /// Renders facts into Markdown.
    public let renderer: PostmortemRenderer
    /// The source of now.
    public let clock: any WallClock
    /// Records every change as a revision.
    public let revisions: PostmortemRevisions
    /// Brings the postmortem digests (summaries, action items) up to date before "seen before" is
    /// read; the server and the CLI hand in the site's digest sync. Nil: the digests as last stored.
    public var refreshDigests: (@Sendable () async throws -> Void)?
    /// How long before the first symptom changes to the incident's services are shown
    /// (`capture.lookback`).
    public var changeLookback: TimeInterval = CaptureConfig().lookback
    /// Queued with the first write of a provisional postmortem (the server's scheduler sets it;
    /// a postmortem a person generates by hand notifies nobody).
    public var notifications: PostmortemNotifications?

    /// A generator writing into `directory` with `template`; revisions are redacted with `redactor`.
    public init(database: AppDatabase, directory: String, template: PostmortemTemplate, clock: any WallClock, redactor: Redactor) {
        self.database = database
        self.directory = directory
        self.renderer = PostmortemRenderer(template: template)
        self.clock = clock
        self.revisions = PostmortemRevisions(database: database, directory: directory, clock: clock, redactor: redactor)
    }

    /// A generator for `config`: its postmortems directory, template and redaction rules (reads
    /// `archive`, `templates`, `postmortem.template`, `redaction`). Throws a `PostmortemTemplateError`
    /// or the redaction rules' `ConfigError`.
    public init(database: AppDatabase, config: AftermathConfig, clock: any WallClock) throws {
        self.init(
            database: database, directory: config.postmortemsDirectory, template: try PostmortemTemplate.load(config), clock: clock,
            redactor: try Redactor(config: config.redaction))
        changeLookback = config.capture.lookback
    }

    /// The full path of a postmortem file name.
    public func path(of file: String) -> String {
        (directory as NSString).appendingPathComponent(file)
    }

    /// Writes or refreshes the incident's postmortem now. Edits a person made since the last
    /// revision are recorded first, attributed to `editor`. With `clearingDue`, a pending schedule
    /// with that due time is marked done.
    public func generate(incidentID: String, editor: String, clearingDue: Date? = nil) async throws -> PostmortemWriteResult {
        try await refreshDigests?()
        guard let facts = try await PostmortemFacts.load(database, incidentID: incidentID, changeLookback: changeLookback) else {
            throw PostmortemError.unknownIncident(incidentID)
        }
        let incident = facts.incident
        let now = clock.now()
        // The detection lead feeds the insights even once the file is final.
        try await database.recordDetection(facts.detectionLead.record(incidentID: incident.id, at: now))
        let directory = self.directory
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw PostmortemError.io(path: directory, reason: "cannot create the postmortems directory: \(error.localizedDescription)")
        }
        let file = try await database.assignPostmortemFile(
            incidentID: incident.id,
            candidates: PostmortemFileName.candidates(title: incident.title, incidentID: incident.id, startedAt: incident.startedAt),
            now: now
        ) { name in
            !FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(name))
        }
        guard PostmortemFileName.isSafe(file) else { throw PostmortemError.unsafeFileName(file) }
        let path = self.path(of: file)
        let record = try await database.postmortem(incidentID: incident.id)
        let existing = try await revisions.observe(incidentID: incident.id, file: file, author: editor)
        let rendered = renderer.render(facts)

        guard let existing else {
            let draft = (rendered.frontMatter.status ?? .draft).rawValue
            let bytes = Array(rendered.text.utf8)
            try write(bytes, to: path)
            let recreated = record?.writtenAt != nil
            try await revisions.recordGenerated(incidentID: incident.id, file: file, summary: recreated ? "re-created" : "created", bytes: bytes)
            try await database.recordPostmortemWrite(
                incidentID: incident.id, at: now, sha256: IncomingDelivery.sha256Hex(bytes), documentStatus: draft,
                clearingDue: clearingDue, firstWriteNotifications: recreated ? [] : notifications?.ready(incident, file: file) ?? [])
            return PostmortemWriteResult(
                incidentID: incident.id, file: file, path: path, outcome: recreated ? .recreated : .created,
                personOwnedRegions: [], documentStatus: draft)
        }

        let document: PostmortemDocument
        let written: (text: String, meaning: PostmortemStatus?)?
        do {
            document = try PostmortemDocument(existing)
            written = try document.status()
        } catch {
            throw PostmortemError.unreadableFrontMatter(path: path, reason: "\(error)")
        }
        let status = written.map(Self.recorded) ?? ""
        if written?.meaning == .final {
            try await database.recordPostmortemWrite(
                incidentID: incident.id, at: now, sha256: IncomingDelivery.sha256Hex(existing), documentStatus: status,
                clearingDue: clearingDue)
            return PostmortemWriteResult(incidentID: incident.id, file: file, path: path, outcome: .final, personOwnedRegions: [], documentStatus: status)
        }
        let fresh = try PostmortemDocument(Array(rendered.text.utf8))
        let merged = PostmortemMerge.merge(existing: document, fresh: fresh, frontMatter: rendered.frontMatter)
        let outcome: PostmortemWriteResult.Outcome
        if merged.bytes == existing {
            outcome = .unchanged
        } else {
            try write(merged.bytes, to: path)
            let parts = (merged.refreshedRegions.isEmpty ? [] : ["regions " + merged.refreshedRegions.joined(separator: ", ")])
                + (merged.refreshedKeys.isEmpty ? [] : ["front matter " + merged.refreshedKeys.joined(separator: ", ")])
            try await revisions.recordGenerated(
                incidentID: incident.id, file: file, summary: "refreshed " + parts.joined(separator: "; "), bytes: merged.bytes)
            outcome = .refreshed(regions: merged.refreshedRegions, keys: merged.refreshedKeys)
        }
        try await database.recordPostmortemWrite(
            incidentID: incident.id, at: now, sha256: IncomingDelivery.sha256Hex(merged.bytes), documentStatus: status,
            clearingDue: clearingDue)
        return PostmortemWriteResult(
            incidentID: incident.id, file: file, path: path, outcome: outcome,
            personOwnedRegions: merged.personOwnedRegions, documentStatus: status)
    }

    /// The status recorded for a file: its canonical spelling when it is one (`done` is `final`), else as written.
    static func recorded(_ written: (text: String, meaning: PostmortemStatus?)) -> String {
        written.meaning?.rawValue ?? written.text
    }

    /// Writes through a temporary file and a rename, so readers never see half a file.
    private func write(_ bytes: [UInt8], to path: String) throws {
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw PostmortemError.io(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }
}
