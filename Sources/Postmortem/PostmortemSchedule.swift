import AftermathCore
import Archive
import Foundation
import Settings

/// When an incident's postmortem is written: `postmortem.settle` after it resolves, and in any
/// case no later than `postmortem.deadline` after it started. Once a provisional postmortem has
/// been written, a later resolution refreshes it after the settle time.
public struct PostmortemSchedule: Sendable {
    /// `postmortem.settle` and `postmortem.deadline`.
    public let config: PostmortemConfig

    /// A schedule with `postmortem.settle` and `postmortem.deadline` from `config`.
    public init(config: PostmortemConfig) {
        self.config = config
    }

    /// The due time for `incident` given its row and what just changed; nil leaves the row as it is.
    public func due(
        for incident: IncidentRecord, existing: PostmortemRecord?, change: IncidentChange?
    ) -> (at: Date, reason: PostmortemDueReason)? {
        let deadline = incident.startedAt + config.deadline
        let neverWritten = existing?.writtenAt == nil
        if incident.status == .resolved, let resolvedAt = incident.resolvedAt {
            let settled = resolvedAt + config.settle
            if neverWritten {
                return settled <= deadline ? (settled, .settled) : (deadline, .deadline)
            }
            let resolvedSinceWrite = existing?.writtenAt.map { $0 < resolvedAt } ?? true
            if change?.resolved == true || (existing?.dueAt == nil && resolvedSinceWrite) {
                return (settled, .settled)
            }
            return nil
        }
        return neverWritten ? (deadline, .deadline) : nil
    }

    /// Schedules `incident` inside `transaction`; true when the due time changed.
    @discardableResult
    public func apply(_ transaction: IntakeTransaction, incident: IncidentRecord, change: IncidentChange?) throws -> Bool {
        let existing = try transaction.postmortem(incidentID: incident.id)
        guard let due = due(for: incident, existing: existing, change: change) else { return false }
        if existing?.dueAt == due.at, existing?.dueReason == due.reason { return false }
        try transaction.schedulePostmortem(incidentID: incident.id, dueAt: due.at, reason: due.reason)
        return true
    }

    /// Runs inside every intake transaction (and incident actions): schedules or reschedules the
    /// incident's postmortem together with the change that caused it. `onScheduled` runs when a due
    /// time changed (to wake the scheduler).
    public func intakeHook(onScheduled: @escaping @Sendable () -> Void = {}) -> IntakeHook {
        { transaction, changed in
            if try apply(transaction, incident: changed.incident, change: changed.change) { onScheduled() }
        }
    }

    /// Schedules every incident that has no postmortem row yet (an archive from before postmortems,
    /// or incidents stored while no hook ran). Returns how many were scheduled.
    public func backfill(_ database: AppDatabase, now: Date) async throws -> Int {
        let missing = try await database.incidentsWithoutPostmortem()
        guard !missing.isEmpty else { return 0 }
        return try await database.withIntakeTransaction(now: now) { transaction in
            var count = 0
            for incident in missing where try apply(transaction, incident: incident, change: nil) { count += 1 }
            return count
        }
    }
}
