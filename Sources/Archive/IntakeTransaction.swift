import AftermathCore
import Foundation
import GRDB

/// Runs inside the intake transaction for every incident a delivery (or an incident action)
/// changed, so work such as queueing capture jobs commits (or rolls back) together with it.
public typealias IntakeHook = @Sendable (IntakeTransaction, ChangedIncident) throws -> Void

/// One incident a transaction changed, as hooks see it: what changed, the incident after the
/// change and its alerts (as the ledger kept them, or read once), the same for every hook.
public struct ChangedIncident: Sendable, Equatable {
    public var change: IncidentChange
    public var incident: IncidentRecord
    public var alerts: [AlertRecord]
}

/// An open write transaction as hooks see it: only the writes they may add to it.
public struct IntakeTransaction {
    let db: Database
    /// When the transaction happens: the delivery's receipt, the action's time.
    public let now: Date

    /// Queues a capture and its jobs (a capture without jobs is stored finished).
    @discardableResult
    public func planCapture(_ plan: PlannedCapture) throws -> Int64 {
        try AppDatabase.insertCapture(db, plan)
    }

    /// An incident's postmortem row, if it has one.
    public func postmortem(incidentID: String) throws -> PostmortemRecord? {
        try AppDatabase.postmortemRecord(db, incidentID: incidentID)
    }

    /// Sets when an incident's postmortem is next written, creating its row if needed.
    public func schedulePostmortem(incidentID: String, dueAt: Date, reason: PostmortemDueReason) throws {
        try AppDatabase.schedulePostmortem(db, incidentID: incidentID, dueAt: dueAt, reason: reason, now: now)
    }

    /// Runs `hooks` for `change`, with the incident as stored and its alerts, each read here
    /// unless the caller holds it exactly as stored (`incident`, `alerts`).
    func run(_ hooks: [IntakeHook], for change: IncidentChange, incident held: IncidentRecord? = nil, alerts heldAlerts: [AlertRecord]? = nil) throws {
        guard !hooks.isEmpty else { return }
        guard let incident = try held ?? IncidentRecord.fetchOne(
            db.cachedStatement(sql: "SELECT * FROM incident WHERE id = ?"), arguments: [change.incidentID]) else { return }
        let alerts = try heldAlerts ?? AlertRecord.of(incidentID: incident.id, in: db)
        let changed = ChangedIncident(change: change, incident: incident, alerts: alerts)
        for hook in hooks { try hook(self, changed) }
    }
}

extension AppDatabase {
    /// Runs `body` in a write transaction that hooks' operations join (a backfill outside intake).
    public func withIntakeTransaction<T: Sendable>(
        now: Date, _ body: @escaping @Sendable (IntakeTransaction) throws -> T
    ) async throws -> T {
        try await writer.write { db in try body(IntakeTransaction(db: db, now: now)) }
    }
}
