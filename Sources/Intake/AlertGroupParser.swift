import AftermathCore
import Foundation
import Settings

/// Turns Alertmanager-shaped group notifications (Alertmanager and Grafana) into one signal.
struct AlertGroupParser: Sendable {
    let source: WebhookSource
    /// `"4"` for Alertmanager, `"1"` for Grafana.
    let expectedVersion: String
    /// Timeline prefix: `Alertmanager`, `Grafana`.
    let displayName: String

    func parse(_ request: WebhookRequest, intake: IntakeConfig) throws(PayloadError) -> ParsedDelivery {
        let fields = FieldReader(source: source)
        let document = try JSONInput.decode(AlertGroupDocument.self, from: request.body, source: source)
        if let reason = opaqueReason(document.probe) {
            return ParsedDelivery(dedupKey: DedupHash.hex(request.body), signals: [], opaqueReason: reason)
        }
        let payload: AlertmanagerPayload
        switch document.payload {
        case .success(let decoded)?:
            payload = decoded
        case .failure(let error)?:
            throw JSONInput.payloadError(error, body: request.body, source: source)
        case nil:
            payload = try JSONInput.decode(AlertmanagerPayload.self, from: request.body, source: source)
        }
        guard payload.version == expectedVersion else {
            throw PayloadError(source: source, path: "version",
                               reason: "expected \"\(expectedVersion)\" for \(displayName); found \"\(SingleLine.bounded(payload.version ?? "", limit: 32))\"")
        }
        let groupKey = try fields.required(payload.groupKey, at: "groupKey")
        let receiver = payload.receiver ?? ""
        let orgID = source == .grafana ? payload.orgId?.meaningful : nil
        let rawAlerts = payload.alerts ?? []
        var observations: [AlertObservation] = []
        for (index, alert) in rawAlerts.enumerated() {
            observations.append(try observation(alert, at: JSONPath.appending(index: index, to: "alerts"), fields: fields))
        }

        var keyParts = [source.rawValue]
        if let orgID { keyParts.append("org" + orgID) }
        keyParts += [receiver, groupKey]
        let firing = observations.filter { $0.status == .firing }.count
        var summary = "\(displayName): \(firing) firing, \(observations.count - firing) resolved"
        if let truncated = payload.truncatedAlerts?.meaningful.flatMap({ Int($0) }), truncated > 0 { summary += ", \(truncated) more not sent" }
        summary += " (receiver \(receiver))"

        let signal = Signal(
            source: source,
            correlationKey: keyParts.joined(separator: ":"),
            correlation: .recurring,
            effect: .followAlerts,
            alerts: observations,
            occurredAt: nil,
            title: SingleLine.optional(title(payload, observations: observations)),
            severity: severity(of: observations),
            services: services(of: observations, labels: intake.serviceLabels),
            labels: payload.commonLabels ?? [:],
            summary: SingleLine.bounded(summary),
            link: payload.externalURL.nonBlank)
        return ParsedDelivery(dedupKey: dedupKey(payload, receiver: receiver, groupKey: groupKey, orgID: orgID), signals: [signal])
    }

    /// Why the body is not a group notification (a custom `payload` template), or nil.
    private func opaqueReason(_ probe: AlertGroupProbe) -> String? {
        guard probe.isObject else {
            return "the body is JSON but not an object, so not a \(displayName) group notification (custom payload template?); stored unparsed"
        }
        let missing = [probe.version == nil ? "version" : nil, probe.groupKey == nil ? "groupKey" : nil].compactMap { $0 }
        guard !missing.isEmpty else { return nil }
        let names = missing.map { "\"\($0)\"" }.joined(separator: " and ")
        return "no \(names) field\(missing.count > 1 ? "s" : "") (a custom payload template?); stored unparsed"
    }

    private func observation(_ alert: AlertmanagerPayload.Alert, at path: String, fields: FieldReader) throws(PayloadError) -> AlertObservation {
        let fingerprint = try fields.required(alert.fingerprint, at: path + ".fingerprint")
        let statusText = try fields.required(alert.status, at: path + ".status")
        guard let status = AlertStatus(rawValue: statusText) else {
            throw fields.unexpected(statusText, at: path + ".status", expected: ["firing", "resolved"])
        }
        let startsText = try fields.required(alert.startsAt, at: path + ".startsAt")
        guard let startsAt = try fields.time(startsText, at: path + ".startsAt") else {
            throw PayloadError(source: source, path: path + ".startsAt", reason: "the start time is Go's zero time (unset)")
        }
        let ends = try fields.time(alert.endsAt, at: path + ".endsAt")
        let labels = alert.labels ?? [:]
        return AlertObservation(
            fingerprint: fingerprint,
            status: status,
            startsAt: startsAt,
            endsAt: status == .resolved ? ends : nil,
            name: labels["alertname"].nonBlank ?? "alert",
            labels: labels,
            annotations: alert.annotations ?? [:],
            generatorURL: alert.generatorURL.nonBlank)
    }

    /// `commonAnnotations.summary`, else the group labels (`alertname (other values)`), else the first alert's name.
    private func title(_ payload: AlertmanagerPayload, observations: [AlertObservation]) -> String? {
        if let summary = payload.commonAnnotations?["summary"].nonBlank { return summary }
        let group = payload.groupLabels ?? [:]
        let others = group.filter { $0.key != "alertname" }.sorted { $0.key < $1.key }.compactMap { $0.value.nonBlank }
        if let name = group["alertname"].nonBlank {
            return others.isEmpty ? name : "\(name) (\(others.joined(separator: ", ")))"
        }
        if !others.isEmpty { return others.joined(separator: ", ") }
        return observations.first?.name
    }

    /// The worst `severity` label among the alerts; nil when no alert has one.
    private func severity(of observations: [AlertObservation]) -> Severity? {
        observations.compactMap { $0.labels["severity"] }.map { Severity(normalising: $0) }.max()
    }

    /// For each alert, the value of the first of `labels` it has; distinct, in order.
    private func services(of observations: [AlertObservation], labels: [String]) -> [String] {
        var seen: [String] = []
        for observation in observations {
            guard let value = labels.lazy.compactMap({ observation.labels[$0].nonBlank }).first else { continue }
            if !seen.contains(value) { seen.append(value) }
        }
        return seen
    }

    /// Not a body hash: HA peers send the same group with their own `externalURL`. Hashes
    /// receiver, groupKey, status and the sorted (fingerprint, status, startsAt, endsAt) list.
    private func dedupKey(_ payload: AlertmanagerPayload, receiver: String, groupKey: String, orgID: String?) -> String {
        let alerts = (payload.alerts ?? []).map { [$0.fingerprint ?? "", $0.status ?? "", $0.startsAt ?? "", $0.endsAt ?? ""] }
            .sorted { $0.lexicographicallyPrecedes($1) }
        var fields = [source.rawValue, orgID ?? "", receiver, groupKey, payload.status ?? "", String(alerts.count)]
        for alert in alerts { fields += alert }
        return DedupHash.hex(fields: fields)
    }
}
