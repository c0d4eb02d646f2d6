/// A sender Aftermath accepts webhooks from; each has its own route, `POST /hooks/<rawValue>`.
public enum WebhookSource: String, Sendable, Codable, CaseIterable, Hashable {
    case alertmanager, grafana, pagerduty, victorops, opsgenie, statuspage, healthchecks, generic, github, argocd
}
