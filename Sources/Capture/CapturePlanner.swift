import AftermathCore
import Archive
import Foundation
import Settings

/// Decides what to capture: one job per configured collector whose `match` selects the
/// incident's labels, per allow-listed host for host-bound kinds, over the right window.
public struct CapturePlanner: Sendable {
    public let config: AftermathConfig

    public init(config: AftermathConfig) {
        self.config = config
    }

    /// Runs inside the intake transaction: opening, closing and reopening captures commit
    /// together with the incident change that caused them.
    public func intakeHook(onPlanned: @escaping @Sendable () -> Void = {}) -> IntakeHook {
        { transaction, changed in
            let change = changed.change
            var kinds: [CaptureKind] = []
            if change.opened { kinds.append(.opening) } else if change.reopened { kinds.append(.reopened) }
            if change.resolved { kinds.append(.closing) }
            for kind in kinds {
                try transaction.planCapture(plan(incident: changed.incident, alerts: changed.alerts, kind: kind, now: transaction.now))
            }
            if !kinds.isEmpty { onPlanned() }
        }
    }

    /// The capture of `kind` for an incident.
    public func plan(incident: IncidentRecord, alerts: [AlertRecord], kind: CaptureKind, now: Date) -> PlannedCapture {
        let lookback = config.capture.lookback
        let window: DateInterval
        var runAfter = now
        switch kind {
        case .opening, .manual, .chat:
            window = DateInterval(start: incident.startedAt - lookback, end: max(now, incident.startedAt))
        case .reopened:
            window = DateInterval(start: now - lookback, end: now)
        case .closing:
            let resolvedAt = incident.resolvedAt ?? now
            let end = resolvedAt + config.capture.lookahead
            window = DateInterval(start: incident.startedAt - lookback, end: max(end, incident.startedAt))
            runAfter = end
        }
        let contexts = alerts.map {
            AlertContext(name: $0.name, labels: $0.labels, startsAt: $0.startsAt, endsAt: $0.endsAt, generatorURL: $0.generatorURL)
        }
        return PlannedCapture(
            incidentID: incident.id, kind: kind, window: window, labels: incident.labels, alertsJSON: Self.json(contexts),
            requestedBy: kind == .manual ? "cli" : "intake", requestedAt: now, runAfter: runAfter,
            maxAttempts: config.capture.maxAttempts,
            jobs: jobs(labels: incident.labels, alertLabels: alerts.map(\.labels), hosts: nil))
    }

    /// An ad-hoc capture (no incident): collectors matching `labels`, host-bound ones on `hosts`
    /// (or as their configuration says when `hosts` is empty).
    public func planAdHoc(labels: [String: String], hosts: [String], window: DateInterval, now: Date) -> PlannedCapture {
        PlannedCapture(
            incidentID: nil, kind: .manual, window: window, labels: labels, alertsJSON: "[]", requestedBy: "cli",
            requestedAt: now, runAfter: now, maxAttempts: config.capture.maxAttempts,
            jobs: jobs(labels: labels, alertLabels: [], hosts: hosts.isEmpty ? nil : hosts))
    }

    /// One job per matching collector and host. Hosts are checked against the allow-list here,
    /// before anything runs: the refused values of a collector become one job that only records
    /// the refusals (an alert group naming 1,000 unlisted hosts is one item, not 1,000).
    func jobs(labels: [String: String], alertLabels: [[String: String]], hosts explicit: [String]?) -> [PlannedCapture.Job] {
        var jobs: [PlannedCapture.Job] = []
        for collector in config.collectors where collector.matches(labels) {
            switch collector.kind {
            case .prometheus, .loki, .http:
                jobs.append(.init(collector: collector.name, host: nil))
            case .file, .journald, .command:
                let results = explicit.map { values in
                    values.map { HostSelection.select($0, source: "--host", config: config) }
                } ?? HostSelection.resolve(collector: collector, labels: labels, alertLabels: alertLabels, config: config)
                var refused: [HostSelectionError] = []
                var selected: Set<String> = []
                for result in results {
                    switch result {
                    case .success(let host):
                        if selected.insert(host.name).inserted { jobs.append(.init(collector: collector.name, host: host.name)) }
                    case .failure(let error):
                        if !refused.contains(error) { refused.append(error) }
                    }
                }
                if let refusal = Self.refusal(refused) { jobs.append(.init(collector: collector.name, host: nil, refusal: refusal)) }
            }
        }
        return jobs
    }

    /// The most refused host values one refusal lists; the rest are counted.
    static let listedRefusals = 20

    /// One message for every host value a collector refused (nil when none was).
    static func refusal(_ refused: [HostSelectionError]) -> String? {
        guard let first = refused.first else { return nil }
        if refused.count == 1 { return first.description }
        let listed = refused.prefix(listedRefusals).map(\.description).joined(separator: "; ")
        let more = refused.count > listedRefusals ? "; and \(refused.count - listedRefusals) more" : ""
        return "\(refused.count) host values refused: \(listed)\(more)"
    }

    /// The alerts as `JSONEncoder` with sorted keys writes them (a test compares the bytes), written
    /// directly: the encoder was a few percent of a new delivery's CPU.
    static func json(_ alerts: [AlertContext]) -> String {
        var out = "["
        for (i, alert) in alerts.enumerated() {
            // The encoder refuses a time that is not finite: the whole list is then "[]", as before.
            guard let startsAt = number(alert.startsAt), alert.endsAt.map(number) != .some(nil) else { return "[]" }
            if i > 0 { out += "," }
            out += "{"
            if let endsAt = alert.endsAt.flatMap(number) { out += "\"endsAt\":" + endsAt + "," }
            if let url = alert.generatorURL { out += "\"generatorURL\":" + string(url) + "," }
            out += "\"labels\":{"
            let labels = alert.labels.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            out += labels.map { string($0.key) + ":" + string($0.value) }.joined(separator: ",")
            out += "},\"name\":" + string(alert.name) + ",\"startsAt\":" + startsAt + "}"
        }
        return out + "]"
    }

    /// A date as the encoder's default strategy writes it; nil when it is not finite.
    private static func number(_ date: Date) -> String? {
        let seconds = date.timeIntervalSinceReferenceDate
        guard seconds.isFinite else { return nil }
        let text = seconds.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// A string literal as the encoder writes it: `/` escaped too, `\b` and `\f` short.
    private static func string(_ text: String) -> String {
        "\"" + DoubleQuoted.escaped(text) { scalar in
            switch scalar.value {
            case 0x2F: return "\\/"
            case 0x08: return "\\b"
            case 0x0C: return "\\f"
            case ..<0x20: return String(format: "\\u%04x", scalar.value)
            default: return nil
            }
        } + "\""
    }
}
