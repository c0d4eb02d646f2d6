import AftermathCore
import Foundation
import GRDB

/// Why an action on an incident (note, acknowledge, resolve) was refused.
public enum IncidentActionError: Error, Equatable, CustomStringConvertible {
    case unknownIncident(String)
    case emptyNote
    case noteTooLong(characters: Int, limit: Int)
    case alreadyResolved(String)

    public var description: String {
        switch self {
        case .unknownIncident(let id): return "no incident '\(id)' in the archive"
        case .emptyNote: return "the note is empty"
        case .noteTooLong(let characters, let limit): return "the note has \(characters) characters; at most \(limit) are allowed"
        case .alreadyResolved(let id): return "incident \(id) is resolved; nothing to acknowledge"
        }
    }
}

/// What an action did: the incident after it, the timeline row it wrote (nil when nothing changed)
/// and the change the hooks saw.
public struct IncidentActionOutcome: Sendable, Equatable {
    /// The incident.
    public var incident: IncidentRecord
    /// The timeline row written; nil when nothing changed.
    public var event: TimelineEventRecord?
    /// The change the hooks saw.
    public var change: IncidentChange
}

/// What an operator does to an incident by hand (the CLI's `incident ack / resolve / note`).
public enum OperatorAction: Sendable, Equatable {
    case acknowledge
    case resolve
    /// A note; the text must already be redacted.
    case note(String)
}

extension AppDatabase {
    /// Applies `action` by `actor` from `source` (`cli` or `api`), with `hooks` in its transaction.
    public func apply(
        _ action: OperatorAction, incidentID: String, actor: String?, source: String, at: Date, hooks: [IntakeHook] = []
    ) async throws -> IncidentActionOutcome {
        switch action {
        case .acknowledge: try await acknowledge(incidentID: incidentID, actor: actor, source: source, at: at, hooks: hooks)
        case .resolve: try await resolve(incidentID: incidentID, actor: actor, source: source, at: at, hooks: hooks)
        case .note(let text): try await addNote(incidentID: incidentID, text: text, author: actor, source: source, at: at, hooks: hooks)
        }
    }

    /// The longest note accepted, in characters.
    public static let maximumNoteLength = 4000

    /// Adds a note to an incident's timeline. `source` is `cli` or `api`; the text is stored as one
    /// line (line breaks become spaces) and must already be redacted.
    public func addNote(
        incidentID: String, text: String, author: String?, source: String, at: Date, hooks: [IntakeHook] = []
    ) async throws -> IncidentActionOutcome {
        let line = Self.noteLine(text)
        guard !line.isEmpty else { throw IncidentActionError.emptyNote }
        guard line.count <= Self.maximumNoteLength else {
            throw IncidentActionError.noteTooLong(characters: line.count, limit: Self.maximumNoteLength)
        }
        return try await act(incidentID: incidentID, at: at, hooks: hooks) { db, incident, change, when in
            try Self.addActionEvent(db, incident: incident, at: when, kind: .note, source: source, actor: author, text: line)
        }
    }

    /// Acknowledges an open incident (no change when it already is); refused once resolved.
    public func acknowledge(
        incidentID: String, actor: String?, source: String, at: Date, hooks: [IntakeHook] = []
    ) async throws -> IncidentActionOutcome {
        try await act(incidentID: incidentID, at: at, hooks: hooks) { db, incident, change, when in
            switch incident.status {
            case .resolved:
                throw IncidentActionError.alreadyResolved(incident.id)
            case .acknowledged:
                return nil
            case .triggered:
                incident.status = .acknowledged
                if incident.acknowledgedAt == nil { incident.acknowledgedAt = when }
                change.acknowledged = true
                let who = actor.map { " by \($0)" } ?? ""
                return try Self.addActionEvent(db, incident: incident, at: when, kind: .acknowledged, source: source, actor: actor, text: "Acknowledged\(who) (\(source))")
            }
        }
    }

    /// Resolves an open incident (no change when it already is). Hooks see `resolved`, so capture
    /// plans its closing capture and the postmortem is scheduled in the same transaction.
    public func resolve(
        incidentID: String, actor: String?, source: String, at: Date, hooks: [IntakeHook] = []
    ) async throws -> IncidentActionOutcome {
        try await act(incidentID: incidentID, at: at, hooks: hooks) { db, incident, change, when in
            guard incident.status.isOpen else { return nil }
            incident.status = .resolved
            incident.resolvedAt = when
            change.resolved = true
            let who = actor.map { " by \($0)" } ?? ""
            return try Self.addActionEvent(db, incident: incident, at: when, kind: .resolved, source: source, actor: actor, text: "Resolved\(who) (\(source))")
        }
    }

    /// Loads the incident, applies `body` and, when it wrote an event, saves the incident and runs
    /// the hooks, all in one transaction.
    private func act(
        incidentID: String, at: Date, hooks: [IntakeHook],
        _ body: @escaping @Sendable (Database, inout IncidentRecord, inout IncidentChange, Date) throws -> TimelineEventRecord?
    ) async throws -> IncidentActionOutcome {
        try await writer.write { db in
            guard var incident = try IncidentRecord.fetchOne(db, key: incidentID) else {
                throw IncidentActionError.unknownIncident(incidentID)
            }
            let before = incident
            var change = IncidentChange(incidentID: incident.id)
            // An incident's moments never precede its start.
            let when = max(at, incident.startedAt)
            let event = try body(db, &incident, &change, when)
            guard event != nil else { return IncidentActionOutcome(incident: incident, event: nil, change: change) }
            if incident != before {
                incident.updatedAt = at
                try incident.update(db)
            }
            try IntakeTransaction(db: db, now: at).run(hooks, for: change)
            return IncidentActionOutcome(incident: incident, event: event, change: change)
        }
    }

    /// Stores an operator's event; its text and actor `StoredText.visible` (a NUL is never a cut).
    private static func addActionEvent(
        _ db: Database, incident: IncidentRecord, at: Date, kind: TimelineKind, source: String, actor: String?, text: String
    ) throws -> TimelineEventRecord {
        var event = TimelineEventRecord(
            id: nil, incidentID: incident.id, at: at, kind: kind, source: source, actor: actor.map(StoredText.visible),
            text: StoredText.visible(text), deliveryID: nil, createdAt: at)
        try event.insert(db)
        return event
    }

    /// One line: line breaks and tabs become spaces, surrounding whitespace goes.
    static func noteLine(_ text: String) -> String {
        SingleLine.spaced(text).trimmingCharacters(in: .whitespaces)
    }
}
