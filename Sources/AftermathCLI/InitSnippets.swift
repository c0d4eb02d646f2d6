import AftermathCore
import Settings

/// What `aftermath init` prints: the files it wrote, how to start, and the sender-side settings
/// (an Alertmanager receiver, a Grafana contact point, a Prometheus scrape job) with paths filled in.
struct InitSnippets {
    let template: ConfigTemplate
    let configPath: String

    /// The base URL senders post to (`127.0.0.1` when listening on every address is for them to replace).
    var baseURL: String {
        let (host, port) = (try? ServerConfig.parseListen(template.listen)) ?? ("127.0.0.1", 9099)
        let shown = host == "0.0.0.0" || host == "::" ? "<this-host>" : host.contains(":") ? "[\(host)]" : host
        return "http://\(shown):\(port)"
    }

    var text: String {
        var out = "wrote \(configPath)\n"
        for source in WebhookSource.allCases {
            guard let credential = template.credentials[source] else { continue }
            out += credential.generated
                ? "wrote \(credential.path) (mode 0600): the \(source.rawValue) \(source == .github ? "webhook secret" : "token")\n"
                : "put the signing secret \(source.rawValue) shows you into \(credential.path) (mode 0600); serve needs it\n"
        }
        if let api = template.apiTokenFile { out += "wrote \(api) (mode 0600): the API and /metrics token\n" }
        out += """

            Start:  aftermath serve --config \(configPath)
            Check:  aftermath config check --config \(configPath) --probe

            """
        if let credential = template.credentials[.alertmanager] {
            out += """

                Alertmanager (alertmanager.yml; copy the token file to where Alertmanager can read it):
                  receivers:
                    - name: aftermath
                      webhook_configs:
                        - url: \(baseURL)/hooks/alertmanager
                          send_resolved: true
                          max_alerts: 1000
                          http_config:
                            authorization: { type: Bearer, credentials_file: \(credential.path) }

                """
        }
        if let credential = template.credentials[.grafana] {
            out += """

                Grafana (Alerting → Contact points → Add contact point → Integration: Webhook):
                  URL:                                \(baseURL)/hooks/grafana
                  HTTP method:                        POST
                  Authorization header scheme:        Bearer
                  Authorization header credentials:   the contents of \(credential.path)

                """
        }
        if let credential = template.credentials[.statuspage] {
            out += "\nStatuspage (subscriber webhook): \(baseURL)/hooks/statuspage/<the contents of \(credential.path)>\n"
        }
        if let credential = template.credentials[.github] {
            out += """

                GitHub (repository → Settings → Webhooks → Add webhook):
                  Payload URL:   \(baseURL)/hooks/github
                  Content type:  application/json
                  Secret:        the contents of \(credential.path)
                  Events:        Let me select individual events → Deployment statuses

                """
        }
        for source in [WebhookSource.pagerduty, .opsgenie, .victorops, .healthchecks, .generic, .argocd] where template.credentials[source] != nil {
            out += "\n\(source.rawValue): POST \(baseURL)/hooks/\(source.rawValue)"
                + (source == .pagerduty ? " (Generic Webhooks v3; signed with the secret above)\n" : " with Authorization: Bearer <the contents of \(template.credentials[source]?.path ?? "")>\n")
        }
        out += """

            Prometheus scrape job for Aftermath's own metrics:
              - job_name: aftermath
                static_configs: [{ targets: ['\(baseURL.dropFirst("http://".count))'] }]

            """
        if let api = template.apiTokenFile {
            out += "    authorization: { credentials_file: \(api) }\n"
        }
        return out
    }
}
