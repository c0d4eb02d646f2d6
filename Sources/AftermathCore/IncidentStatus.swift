/// Where an incident is in its lifecycle: triggered → acknowledged → resolved (and reopened back to triggered).
public enum IncidentStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case triggered, acknowledged, resolved

    /// Whether the incident still needs someone.
    public var isOpen: Bool { self != .resolved }
}

/// The state of one alert as its sender reports it.
public enum AlertStatus: String, Sendable, Codable, Hashable {
    case firing, resolved
}
