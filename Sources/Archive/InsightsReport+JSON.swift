import AftermathCore
import Foundation

/// The JSON shape of `aftermath insights --json`: snake_case keys, times as RFC 3339 UTC strings,
/// durations in seconds (null without values).
extension InsightsReport {
    enum CodingKeys: String, CodingKey {
        case since, service, generatedAt = "generated_at", overall, noisyIncidents = "noisy_incidents", months
        case serviceMonths = "service_months", recurringAlerts = "recurring_alerts", noisyAlerts = "noisy_alerts", heatmap
        case postmortems, actionItems = "action_items"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(since.map(Timestamp.format), forKey: .since)
        try c.encode(service, forKey: .service)
        try c.encode(Timestamp.format(generatedAt), forKey: .generatedAt)
        try c.encode(overall, forKey: .overall)
        try c.encode(noisyIncidents, forKey: .noisyIncidents)
        try c.encode(months, forKey: .months)
        try c.encode(serviceMonths, forKey: .serviceMonths)
        try c.encode(recurringAlerts, forKey: .recurringAlerts)
        try c.encode(noisyAlerts, forKey: .noisyAlerts)
        try c.encode(heatmap, forKey: .heatmap)
        try c.encode(postmortems, forKey: .postmortems)
        try c.encode(actionItems, forKey: .actionItems)
    }
}

extension DurationStats {
    enum CodingKeys: String, CodingKey { case count, median = "median_seconds", p90 = "p90_seconds" }
}

extension InsightsReport.Figures {
    enum CodingKeys: String, CodingKey {
        case incidents, timeToAcknowledge = "time_to_acknowledge", timeToResolve = "time_to_resolve", detectionLead = "detection_lead"
    }
}

/// Its figures' keys stand beside `month`.
extension InsightsReport.Month: Encodable {
    enum CodingKeys: String, CodingKey { case month }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(month, forKey: .month)
        try figures.encode(to: encoder)
    }
}

/// Its figures' keys stand beside `service` (null for incidents naming none) and `month`.
extension InsightsReport.ServiceMonth: Encodable {
    enum CodingKeys: String, CodingKey { case service, month }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(service, forKey: .service)
        try c.encode(month, forKey: .month)
        try figures.encode(to: encoder)
    }
}

extension InsightsReport.RecurringAlert: Encodable {
    enum CodingKeys: String, CodingKey { case name, incidents, episodes, services, firstSeen = "first_seen", lastSeen = "last_seen" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(incidents, forKey: .incidents)
        try c.encode(episodes, forKey: .episodes)
        try c.encode(services, forKey: .services)
        try c.encode(Timestamp.format(firstSeen), forKey: .firstSeen)
        try c.encode(Timestamp.format(lastSeen), forKey: .lastSeen)
    }
}

extension InsightsReport.NoisyAlert {
    enum CodingKeys: String, CodingKey {
        case name, incidents, quickUnacknowledged = "resolved_quickly_unacknowledged", reopenedOften = "reopened_more_than_twice"
        case noisyIncidents = "noisy_incidents", mostReopens = "most_reopens"
    }
}

extension InsightsReport.PostmortemCompletion {
    enum CodingKeys: String, CodingKey { case none, draft, inReview = "in_review", final, overdue }
}
