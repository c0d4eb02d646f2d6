/// A sender Aftermath accepts webhooks from; each has its own route, `POST /hooks/<rawValue>`.
public enum WebhookSource: String, Sendable, Codable, CaseIterable, Hashable {
    case alertmanager, grafana, pagerduty, victorops, opsgenie, statuspage, healthchecks, generic, github, argocd

    /// Change senders, added after the incident sources: beyond loopback they are off until the
    /// configuration names them, so a configuration written before them still starts.
    public var isOffBeyondLoopbackUnlessConfigured: Bool { self == .github || self == .argocd }
}
