import AftermathCore
import Foundation
import GRDB

/// Applies signals to incidents inside the intake transaction: finds or opens the incident a
/// signal belongs to, tracks its alerts, moves its status and writes every change to the timeline.
struct IncidentLedger {
    let db: Database
    let rules: IntakeRules
    let ids: any IncidentIDGenerator
    let deliveryID: Int64
    let receivedAt: Date

    /// A key joined from another incident (Statuspage on a service's open incident) only annotates.
    enum KeyRole: String { case owner, joined }

    /// What one signal did to the incident it landed on.
    struct Applied {
        var change: IncidentChange
        /// The incident as it is now stored.
        var incident: IncidentRecord
        /// Its alerts as reading them back would give them, kept while writing them; nil when the
        /// signal did not go through them (or a read would differ): hooks read them.
        var alerts: [AlertRecord]?
        /// Other incidents whose alerts it changed (an episode re-sent in a later group stays pinned
        /// to its first incident): alerts held for them are stale.
        var alertsChangedElsewhere: Set<String> = []
        /// Those of them whose status moved with their alerts, as now stored.
        var othersMoved: [Applied] = []
    }

    /// What `signal` did; nil when it landed nowhere.
    func apply(_ signal: Signal) throws -> Applied? {
        let times = SenderTimes(signal, policy: rules.senderTimes, receivedAt: receivedAt)
        var at = times.occurredAt
        guard let located = try locate(signal, at: at, times: times) else { return nil }
        var (incident, change) = (located.incident, located.change)
        if let discrepancy = times.discrepancy {
            try addEvent(incident.id, at: receivedAt, kind: .senderTime, signal: signal, text: discrepancy)
        }
        // Senders' clocks disagree; an incident's moments never precede its start.
        at = max(at, incident.startedAt)
        let role = located.role
        let before = incident
        if let report = signal.statusPage {
            try AppDatabase.recordStatusPage(db, report, incidentID: incident.id, at: at, deliveryID: deliveryID, now: receivedAt)
        }
        var alerts: [AlertRecord]?
        var elsewhere: Set<String> = []
        var othersMoved: [Applied] = []

        if role == .joined {
            try addEvent(incident.id, at: at, kind: .statusUpdate, signal: signal, text: signal.summary)
        } else {
            mergeMetadata(into: &incident, from: signal, times: times)
            switch signal.effect {
            case .followAlerts:
                var held = try heldAlerts(of: incident, change: change)
                elsewhere = try recordAlerts(signal, in: &incident, held: &held, at: at, times: times)
                try followAlerts(&incident, alerts: held, signal: signal, at: at, change: &change)
                alerts = AlertRecord.asRead(held)
                othersMoved = try followAlerts(elsewhere: elsewhere, signal: signal, at: at)
            case .transition(let status):
                var held = try heldAlerts(of: incident, change: change)
                elsewhere = try recordAlerts(signal, in: &incident, held: &held, at: at, times: times)
                try transition(&incident, to: status, signal: signal, at: at, change: &change)
                alerts = AlertRecord.asRead(held)
            case .annotate:
                let kind: TimelineKind = signal.source == .statuspage ? .statusUpdate : .annotation
                try addEvent(incident.id, at: at, kind: kind, signal: signal, text: signal.summary)
            }
        }
        if incident != before {
            incident.updatedAt = receivedAt
            try incident.update(db)
        }
        // The delivery belongs to every incident whose timeline it wrote to.
        for id in [incident.id] + elsewhere.sorted() {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO delivery_incident (delivery_id, incident_id) VALUES (?, ?)")
                .execute(arguments: [deliveryID, id])
        }
        return Applied(
            change: change, incident: incident.asStored, alerts: alerts, alertsChangedElsewhere: elsewhere, othersMoved: othersMoved)
    }

    // MARK: Finding the incident

    /// The incident `signal` lands on, opening one when the signal starts something.
    private func locate(_ signal: Signal, at: Date, times: SenderTimes) throws -> (incident: IncidentRecord, role: KeyRole, change: IncidentChange)? {
        if let (incident, role) = try existingIncident(for: signal, at: at) {
            return (incident, role, IncidentChange(incidentID: incident.id))
        }
        if signal.joinsServiceIncident, let joined = try openIncident(sharingServiceWith: signal) {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO incident_key (key, incident_id, role) VALUES (?, ?, ?)")
                .execute(arguments: [signal.correlationKey, joined.id, KeyRole.joined.rawValue])
            return (joined, .joined, IncidentChange(incidentID: joined.id))
        }
        guard opensIncident(signal) || closesIncident(signal) else { return nil }
        let incident = try open(signal, at: at, times: times)
        var change = IncidentChange(incidentID: incident.id)
        change.opened = true
        return (incident, .owner, change)
    }

    private func existingIncident(for signal: Signal, at: Date) throws -> (IncidentRecord, KeyRole)? {
        // An alert episode already seen pins its incident, whatever else happened since.
        for alert in signal.alerts {
            if let id = try String.fetchOne(
                db.cachedStatement(sql: "SELECT incident_id FROM alert WHERE correlation_key = ? AND fingerprint = ? AND starts_at = ?"),
                arguments: [signal.correlationKey, alert.fingerprint, StoredTime.value(SenderTimes.storable(alert.startsAt))]),
               let incident = try IncidentRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM incident WHERE id = ?"), arguments: [id]) {
                return (incident, try role(of: signal.correlationKey, on: id))
            }
        }
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT incident.*, incident_key.role AS key_role FROM incident
            JOIN incident_key ON incident_key.incident_id = incident.id
            WHERE incident_key.key = ?
            ORDER BY incident.started_at DESC, incident.created_at DESC LIMIT 1
            """), arguments: [signal.correlationKey]) else { return nil }
        let latest = try IncidentRecord(row: row)
        let role = KeyRole(rawValue: row["key_role"]) ?? .owner
        switch signal.correlation {
        case .exact:
            return (latest, role)
        case .recurring:
            if latest.status.isOpen || !opensIncident(signal) { return (latest, role) }
            if let resolvedAt = latest.resolvedAt, at.timeIntervalSince(resolvedAt) <= rules.reopenWindow {
                return (latest, role)
            }
            return nil
        }
    }

    private func role(of key: String, on incidentID: String) throws -> KeyRole {
        let raw = try String.fetchOne(
            db.cachedStatement(sql: "SELECT role FROM incident_key WHERE key = ? AND incident_id = ?"), arguments: [key, incidentID])
        return raw.flatMap(KeyRole.init(rawValue:)) ?? .owner
    }

    /// The newest open incident whose services include one of the signal's (Statuspage joins it).
    private func openIncident(sharingServiceWith signal: Signal) throws -> IncidentRecord? {
        guard !signal.services.isEmpty else { return nil }
        let open = try IncidentRecord
            .filter(IncidentRecord.Columns.status != IncidentStatus.resolved.rawValue)
            .order(IncidentRecord.Columns.startedAt.desc)
            .fetchAll(db)
        return open.first { incident in
            incident.source != signal.source && !Set(incident.services).isDisjoint(with: signal.services)
        }
    }

    private func opensIncident(_ signal: Signal) -> Bool {
        switch signal.effect {
        case .followAlerts: return signal.alerts.contains { $0.status == .firing }
        case .transition(let status): return status != .resolved
        case .annotate: return false
        }
    }

    /// A resolution for something never seen firing still deserves a (resolved) record.
    private func closesIncident(_ signal: Signal) -> Bool {
        switch signal.effect {
        case .followAlerts: return !signal.alerts.isEmpty
        case .transition(let status): return status == .resolved
        case .annotate: return false
        }
    }

    private func open(_ signal: Signal, at: Date, times: SenderTimes) throws -> IncidentRecord {
        let startedAt = signal.alerts.map(times.startsAt).min() ?? at
        let incident = IncidentRecord(
            id: ids.next(),
            title: Self.oneLine(signal.title ?? signal.alerts.first?.name ?? signal.correlationKey),
            source: signal.source,
            status: .triggered,
            severity: signal.severity ?? .unknown,
            services: Array(Set(signal.services)).sorted(),
            labels: signal.labels,
            link: signal.link,
            startedAt: startedAt,
            acknowledgedAt: nil,
            resolvedAt: nil,
            createdAt: receivedAt,
            updatedAt: receivedAt)
        try incident.insertRow(db)
        try db.cachedStatement(sql: "INSERT INTO incident_key (key, incident_id, role) VALUES (?, ?, ?)")
            .execute(arguments: [signal.correlationKey, incident.id, KeyRole.owner.rawValue])
        try addEvent(incident.id, at: startedAt, kind: .opened, signal: signal, text: "Opened by \(signal.source.rawValue): \(incident.title)")
        return incident
    }

    // MARK: Changing the incident

    private func mergeMetadata(into incident: inout IncidentRecord, from signal: Signal, times: SenderTimes) {
        if let severity = signal.severity, severity > incident.severity { incident.severity = severity }
        let services = Set(incident.services).union(signal.services)
        if services.count != incident.services.count { incident.services = services.sorted() }
        for (key, value) in signal.labels where incident.labels[key] == nil { incident.labels[key] = value }
        if incident.link == nil { incident.link = signal.link }
        if let earliest = signal.alerts.map(times.startsAt).min(), earliest < incident.startedAt {
            incident.startedAt = earliest
        }
    }

    /// The incident's alerts before the signal changes them: none for one it just opened.
    private func heldAlerts(of incident: IncidentRecord, change: IncidentChange) throws -> [AlertRecord] {
        change.opened ? [] : try AlertRecord.of(incidentID: incident.id, in: db)
    }

    /// Inserts new alert episodes and records firing → resolved changes, in the incident's `held`
    /// alerts too. Returns the other incidents whose alerts changed.
    /// Episodes are identified by the sent `startsAt`; the timeline uses the believed times.
    private func recordAlerts(
        _ signal: Signal, in incident: inout IncidentRecord, held: inout [AlertRecord], at: Date, times: SenderTimes
    ) throws -> Set<String> {
        var elsewhere: Set<String> = []
        for observation in signal.alerts {
            let existing = try AlertRecord.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM alert WHERE correlation_key = ? AND fingerprint = ? AND starts_at = ?"),
                arguments: [signal.correlationKey, observation.fingerprint, StoredTime.value(SenderTimes.storable(observation.startsAt))])
            let describe = Self.describe(observation)
            guard var alert = existing else {
                var alert = AlertRecord(
                    id: nil, incidentID: incident.id, correlationKey: signal.correlationKey,
                    fingerprint: observation.fingerprint, startsAt: SenderTimes.storable(observation.startsAt),
                    endsAt: observation.status == .resolved ? (times.endsAt(observation) ?? at) : nil,
                    status: observation.status, name: observation.name, labels: observation.labels,
                    annotations: observation.annotations, generatorURL: observation.generatorURL)
                try alert.insertRow(db)
                held.append(alert.asStored)
                try addEvent(incident.id, at: times.startsAt(observation), kind: .alertFiring, signal: signal, text: "Alert firing: \(describe)")
                if let endsAt = alert.endsAt {
                    try addEvent(incident.id, at: endsAt, kind: .alertResolved, signal: signal, text: "Alert resolved: \(describe)")
                }
                continue
            }
            guard alert.status != observation.status else { continue }
            alert.status = observation.status
            if observation.status == .resolved {
                alert.endsAt = times.endsAt(observation) ?? at
                try addEvent(alert.incidentID, at: alert.endsAt!, kind: .alertResolved, signal: signal, text: "Alert resolved: \(describe)")
            } else {
                alert.endsAt = nil
                try addEvent(alert.incidentID, at: at, kind: .alertFiring, signal: signal, text: "Alert firing again: \(describe)")
            }
            try alert.update(db)
            if let i = held.firstIndex(where: { $0.id == alert.id }) { held[i] = alert.asStored } else { elsewhere.insert(alert.incidentID) }
        }
        return elsewhere
    }

    /// Alertmanager/Grafana: resolved once every one of the incident's `alerts` has resolved.
    private func followAlerts(
        _ incident: inout IncidentRecord, alerts: [AlertRecord], signal: Signal, at: Date, change: inout IncidentChange
    ) throws {
        let firing = alerts.contains { $0.status == .firing }
        if !firing, incident.status.isOpen {
            let resolvedAt = alerts.compactMap(\.endsAt).max() ?? at
            incident.status = .resolved
            incident.resolvedAt = resolvedAt
            change.resolved = true
            try addEvent(incident.id, at: resolvedAt, kind: .resolved, signal: signal, text: "Resolved: all \(alerts.count) alert(s) resolved")
        } else if firing, !incident.status.isOpen {
            incident.status = .triggered
            incident.resolvedAt = nil
            change.reopened = true
            try addEvent(incident.id, at: at, kind: .reopened, signal: signal, text: "Reopened: alerts firing again")
        }
    }

    /// The incidents in `ids` (other than the one `signal` landed on, whose alerts it changed), each
    /// resolved or reopened as its own alerts now say; those whose status moved, as stored.
    private func followAlerts(elsewhere ids: Set<String>, signal: Signal, at: Date) throws -> [Applied] {
        try ids.sorted().compactMap { id -> Applied? in
            guard var other = try IncidentRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM incident WHERE id = ?"), arguments: [id])
            else { return nil }
            let alerts = try AlertRecord.of(incidentID: id, in: db)
            let before = other
            var change = IncidentChange(incidentID: id)
            try followAlerts(&other, alerts: alerts, signal: signal, at: max(at, other.startedAt), change: &change)
            guard other != before else { return nil }
            other.updatedAt = receivedAt
            try other.update(db)
            return Applied(change: change, incident: other.asStored, alerts: alerts)
        }
    }

    /// Senders that state the status: triggered / acknowledged / resolved, reopening when needed.
    private func transition(_ incident: inout IncidentRecord, to status: IncidentStatus, signal: Signal, at: Date, change: inout IncidentChange) throws {
        let who = signal.actor.map { " by \($0)" } ?? ""
        switch (incident.status, status) {
        case (.resolved, .triggered), (.resolved, .acknowledged):
            incident.status = status
            incident.resolvedAt = nil
            change.reopened = true
            try addEvent(incident.id, at: at, kind: .reopened, signal: signal, text: "Reopened\(who): \(signal.summary)")
            if status == .acknowledged { try acknowledge(&incident, signal: signal, at: at, change: &change) }
        case (.acknowledged, .triggered):
            incident.status = .triggered
            try addEvent(incident.id, at: at, kind: .unacknowledged, signal: signal, text: "Unacknowledged\(who): \(signal.summary)")
        case (.triggered, .acknowledged):
            incident.status = .acknowledged
            try acknowledge(&incident, signal: signal, at: at, change: &change)
        case (.triggered, .resolved), (.acknowledged, .resolved):
            incident.status = .resolved
            incident.resolvedAt = at
            change.resolved = true
            try addEvent(incident.id, at: at, kind: .resolved, signal: signal, text: "Resolved\(who): \(signal.summary)")
        case (.resolved, .resolved), (.triggered, .triggered), (.acknowledged, .acknowledged):
            if !change.opened {
                try addEvent(incident.id, at: at, kind: .annotation, signal: signal, text: signal.summary)
            }
        }
    }

    private func acknowledge(_ incident: inout IncidentRecord, signal: Signal, at: Date, change: inout IncidentChange) throws {
        if incident.acknowledgedAt == nil { incident.acknowledgedAt = at }
        change.acknowledged = true
        let who = signal.actor.map { " by \($0)" } ?? ""
        try addEvent(incident.id, at: at, kind: .acknowledged, signal: signal, text: "Acknowledged\(who)")
    }

    private func addEvent(_ incidentID: String, at: Date, kind: TimelineKind, signal: Signal, text: String) throws {
        var event = TimelineEventRecord(
            id: nil, incidentID: incidentID, at: at, kind: kind, source: signal.source.rawValue,
            actor: signal.actor, text: Self.oneLine(text), deliveryID: deliveryID, createdAt: receivedAt)
        try event.insertRow(db)
    }

    /// `HighErrorRate (instance=web-1:8080)`: the alert name and its distinguishing labels.
    static func describe(_ alert: AlertObservation) -> String {
        let shown = ["instance", "host", "pod", "node", "job"].compactMap { key in alert.labels[key].map { "\(key)=\($0)" } }
        return shown.isEmpty ? alert.name : "\(alert.name) (\(shown.prefix(2).joined(separator: ", ")))"
    }

    /// One line, at most 500 characters: timeline text never carries layout from a payload.
    static func oneLine(_ text: String) -> String {
        SingleLine.capped(SingleLine.spaced(text), at: SingleLine.summaryLimit)
    }
}
