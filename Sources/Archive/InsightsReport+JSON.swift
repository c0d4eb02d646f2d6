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

extension DurationStats: Encodable {
    enum CodingKeys: String, CodingKey { case count, median = "median_seconds", p90 = "p90_seconds" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(count, forKey: .count)
        try c.encode(median, forKey: .median)
        try c.encode(p90, forKey: .p90)
    }
}

extension InsightsReport.Figures: Encodable {
    enum CodingKeys: String, CodingKey {
        case incidents, timeToAcknowledge = "time_to_acknowledge", timeToResolve = "time_to_resolve", detectionLead = "detection_lead"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(incidents, forKey: .incidents)
        try c.encode(timeToAcknowledge, forKey: .timeToAcknowledge)
        try c.encode(timeToResolve, forKey: .timeToResolve)
        try c.encode(detectionLead, forKey: .detectionLead)
    }
}

extension InsightsReport.Month: Encodable {
    enum CodingKeys: String, CodingKey { case month, incidents, timeToAcknowledge = "time_to_acknowledge", timeToResolve = "time_to_resolve", detectionLead = "detection_lead" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(month, forKey: .month)
        try c.encode(figures.incidents, forKey: .incidents)
        try c.encode(figures.timeToAcknowledge, forKey: .timeToAcknowledge)
        try c.encode(figures.timeToResolve, forKey: .timeToResolve)
        try c.encode(figures.detectionLead, forKey: .detectionLead)
    }
}

extension InsightsReport.ServiceMonth: Encodable {
    enum CodingKeys: String, CodingKey {
        case service, month, incidents, timeToAcknowledge = "time_to_acknowledge", timeToResolve = "time_to_resolve", detectionLead = "detection_lead"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(service, forKey: .service)
        try c.encode(month, forKey: .month)
        try c.encode(figures.incidents, forKey: .incidents)
        try c.encode(figures.timeToAcknowledge, forKey: .timeToAcknowledge)
        try c.encode(figures.timeToResolve, forKey: .timeToResolve)
        try c.encode(figures.detectionLead, forKey: .detectionLead)
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

extension InsightsReport.NoisyAlert: Encodable {
    enum CodingKeys: String, CodingKey {
        case name, incidents, quickUnacknowledged = "resolved_quickly_unacknowledged", reopenedOften = "reopened_more_than_twice"
        case noisyIncidents = "noisy_incidents", mostReopens = "most_reopens"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(incidents, forKey: .incidents)
        try c.encode(quickUnacknowledged, forKey: .quickUnacknowledged)
        try c.encode(reopenedOften, forKey: .reopenedOften)
        try c.encode(noisyIncidents, forKey: .noisyIncidents)
        try c.encode(mostReopens, forKey: .mostReopens)
    }
}

extension InsightsReport.PostmortemCompletion: Encodable {
    enum CodingKeys: String, CodingKey { case none, draft, inReview = "in_review", final, overdue }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(none, forKey: .none)
        try c.encode(draft, forKey: .draft)
        try c.encode(inReview, forKey: .inReview)
        try c.encode(final, forKey: .final)
        try c.encode(overdue, forKey: .overdue)
    }
}

extension InsightsReport.ActionItems: Encodable {
    enum CodingKeys: String, CodingKey { case open, done }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(open, forKey: .open)
        try c.encode(done, forKey: .done)
    }
}
