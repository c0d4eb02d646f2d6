import AftermathCore
import Foundation
import GRDB

extension AppDatabase {
    /// Stores `delivery`, applies its signals and stores its change events in one transaction.
    ///
    /// A delivery whose (source, dedup key) is already stored changes nothing and reports
    /// `duplicate`. The caller answers 2xx only after this returns: the commit is synced.
    public func record(
        _ delivery: IncomingDelivery,
        rules: IntakeRules,
        ids: any IncidentIDGenerator,
        hooks: [IntakeHook] = []
    ) async throws -> IntakeOutcome {
        try await writer.write { db in try Self.apply(delivery, rules: rules, ids: ids, hooks: hooks, in: db) }
    }

    /// The id of the stored delivery with `dedupKey` (in its stored form) from `source`, or nil:
    /// one indexed lookup on a reader, which sees only committed (synced) deliveries.
    public func storedDeliveryID(source: WebhookSource, dedupKey: String) async throws -> Int64? {
        try await writer.read { db in try Self.storedDeliveryID(source: source.rawValue, dedupKey: dedupKey, in: db) }
    }

    static func storedDeliveryID(source: String, dedupKey: String, in db: Database) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM delivery WHERE source = ? AND dedup_key = ?"),
            arguments: [source, dedupKey])
    }

    /// The body of the intake transaction: stores `delivery` and applies its signals in `db`
    /// (inside a transaction or savepoint the caller commits).
    static func apply(
        _ delivery: IncomingDelivery, rules: IntakeRules, ids: any IncidentIDGenerator, hooks: [IntakeHook], in db: Database
    ) throws -> IntakeOutcome {
        let inserted = try Int64.fetchOne(db.cachedStatement(sql: """
            INSERT INTO delivery (source, dedup_key, received_at, headers, body, body_sha256, disposition, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (source, dedup_key) DO NOTHING
            RETURNING id
            """), arguments: [
                delivery.source.rawValue, delivery.dedupKey, StoredTime.value(delivery.receivedAt), delivery.headersJSON,
                Data(delivery.body), IncomingDelivery.sha256Hex(delivery.body),
                delivery.disposition.rawValue, delivery.error,
            ])
        guard let deliveryID = inserted else {
            let existing = try storedDeliveryID(source: delivery.source.rawValue, dedupKey: delivery.dedupKey, in: db) ?? 0
            return IntakeOutcome(deliveryID: existing, duplicate: true, changes: [])
        }
        let ledger = IncidentLedger(db: db, rules: rules, ids: ids, deliveryID: deliveryID, receivedAt: delivery.receivedAt)
        var changes: [IncidentChange] = []
        // Each changed incident as the ledger last stored it, and its alerts as the ledger kept them
        // while writing them: hooks get them without reading them back.
        var held: [(incident: IncidentRecord, alerts: [AlertRecord]?)] = []
        func merge(_ applied: IncidentLedger.Applied) {
            let (change, incident, alerts) = (applied.change, applied.incident, applied.alerts)
            if let i = changes.firstIndex(where: { $0.incidentID == change.incidentID }) {
                changes[i].opened = changes[i].opened || change.opened
                changes[i].reopened = changes[i].reopened || change.reopened
                changes[i].acknowledged = changes[i].acknowledged || change.acknowledged
                changes[i].resolved = changes[i].resolved || change.resolved
                held[i] = (incident, alerts)
            } else {
                changes.append(change)
                held.append((incident, alerts))
            }
        }
        for signal in delivery.signals {
            guard let applied = try ledger.apply(signal) else { continue }
            for i in held.indices where applied.alertsChangedElsewhere.contains(changes[i].incidentID) { held[i].alerts = nil }
            merge(applied)
            // An episode of an earlier incident, re-sent in this one's group, moved that incident.
            applied.othersMoved.forEach(merge)
        }
        let transaction = IntakeTransaction(db: db, now: delivery.receivedAt)
        for (change, held) in zip(changes, held) { try transaction.run(hooks, for: change, incident: held.incident, alerts: held.alerts) }
        var recorded = 0
        for var event in delivery.changes {
            // An implausible sender time is not believed, as for signals: the receipt time is used.
            if rules.senderTimes.problem(with: event.at, receivedAt: delivery.receivedAt) != nil { event.at = delivery.receivedAt }
            if try insert(event, deliveryID: deliveryID, now: delivery.receivedAt, in: db) { recorded += 1 }
        }
        return IntakeOutcome(deliveryID: deliveryID, duplicate: false, changes: changes, recordedChanges: recorded)
    }
}
