import AftermathCore
import Foundation

/// The commented `aftermath.yaml` that `aftermath init` writes: every key, a commented-out key
/// showing its default (its value is read from the code's defaults, so the file cannot drift),
/// the named sources with their secret files, and examples of what has no default.
public struct ConfigTemplate: Sendable {
    /// The credential `init` sets up for a source.
    public enum Credential: Sendable, Equatable {
        /// `bearer_token_file`: the sender sends `Authorization: Bearer <token>`.
        case bearerTokenFile(String)
        /// `path_token_file`: the sender posts to `/hooks/<source>/<token>` (Statuspage cannot sign).
        case pathTokenFile(String)
        /// `signing_secret_file`: the secret the sender generates (PagerDuty); a person pastes it in.
        case signingSecretFile(String)
        /// `hmac_secret_file`: a generated secret the sender signs with (GitHub's webhook secret).
        case hmacSecretFile(String)

        /// The file holding the secret.
        public var path: String {
            switch self {
            case .bearerTokenFile(let p), .pathTokenFile(let p), .signingSecretFile(let p), .hmacSecretFile(let p): return p
            }
        }

        /// Whether `init` writes a fresh random token into the file (false: the sender provides it).
        public var generated: Bool {
            if case .signingSecretFile = self { return false }
            return true
        }

        /// The credential `init` uses for `source`, its file under `secrets`.
        public static func forSource(_ source: WebhookSource, secrets: String) -> Credential {
            let file = (secrets as NSString).appendingPathComponent
            switch source {
            case .statuspage: return .pathTokenFile(file("statuspage.token"))
            case .pagerduty: return .signingSecretFile(file("pagerduty.secret"))
            case .github: return .hmacSecretFile(file("github.secret"))
            default: return .bearerTokenFile(file("\(source.rawValue).token"))
            }
        }
    }

    /// The folder the configuration lives in (absolute); the archive and site go beside it.
    public var directory: String
    /// `server.listen`.
    public var listen = "127.0.0.1:9099"
    /// `archive` and `site` (absolute); default `<directory>/archive` and `<directory>/site`.
    public var archive: String?
    public var site: String?
    /// The sources named with `--sources` and their credentials.
    public var credentials: [WebhookSource: Credential] = [:]
    /// `api.bearer_token_file`, when `init` wrote one.
    public var apiTokenFile: String?
    /// When set (listening beyond loopback), sources without credentials are written `enabled: false`.
    public var disableUnnamedSources = false

    public init(directory: String) {
        self.directory = directory
    }

    /// The line that separates defaults from examples (a test uncomments everything above it).
    public static let examplesMarker = "# ---- examples: not defaults, copy what you need ----"

    /// The file's text.
    public func render() -> String {
        let d = AftermathConfig()
        let path = { Self.quoted((directory as NSString).appendingPathComponent($0)) }
        func duration(_ t: TimeInterval) -> String { DurationText.format(t) }
        var y = """
            # aftermath.yaml, written by `aftermath init`.
            # Every key is optional. A commented-out key shows its default; uncomment it to change it.
            # Unknown keys are errors (a typo must not leave a source open). Secrets are read from files
            # (`*_file`, mode 0600) or environment variables (`*_env`), never written here.
            # Check it: aftermath config check --config \((directory as NSString).appendingPathComponent("aftermath.yaml")) [--probe]

            server:
              listen: \(listen)        # host:port; beyond loopback every enabled source needs credentials
              # max_body_bytes: \(d.server.maxBodyBytes)   # larger webhook bodies are answered 413

            archive: \(archive.map(Self.quoted) ?? path("archive"))   # aftermath.sqlite and postmortems/*.md
            site: \(site.map(Self.quoted) ?? path("site"))         # the static site, rebuilt by `aftermath serve`

            # intake:
            #   reopen_window: \(duration(d.intake.reopenWindow))           # a group firing again this soon after resolving reopens its incident
            #   service_labels: [\(d.intake.serviceLabels.joined(separator: ", "))]   # alert labels naming the service, first match wins

            sources:                     # one route each: POST /hooks/<source>

            """
        for source in WebhookSource.allCases {
            switch credentials[source] {
            case .bearerTokenFile(let file)?:
                y += "  \(source.rawValue):\n    bearer_token_file: \(Self.quoted(file))\n"
            case .pathTokenFile(let file)?:
                y += "  \(source.rawValue):               # POST /hooks/\(source.rawValue)/<token>\n    path_token_file: \(Self.quoted(file))\n"
            case .signingSecretFile(let file)?:
                y += "  \(source.rawValue):\n    signing_secret_file: \(Self.quoted(file))   # paste the signing secret \(source.rawValue) shows you\n"
            case .hmacSecretFile(let file)?:
                y += "  \(source.rawValue):\n    hmac_secret_file: \(Self.quoted(file))   # the webhook's secret; signed in \(HMACConfig.defaultHeader(for: source))\n"
            case nil where disableUnnamedSources:
                y += "  \(source.rawValue): { enabled: false }   # no credentials: off while listening beyond loopback\n"
            case nil:
                y += "  # \(source.rawValue): { enabled: true }   # no credentials: accepted on loopback only\n"
            }
        }
        y += """

            # prometheus:
            #   url:                         # e.g. http://127.0.0.1:9090; unset: no metric evidence
            #   timeout: \(duration(d.prometheus.timeout))
            #   bearer_token_file:           # or bearer_token_env
            # loki:
            #   url:                         # e.g. http://127.0.0.1:3100
            #   timeout: \(duration(d.loki.timeout))
            #   org_id:                      # sent as X-Scope-OrgID
            #   bearer_token_file:

            # capture:
            #   lookback: \(duration(d.capture.lookback))              # the window starts this long before the incident
            #   lookahead: \(duration(d.capture.lookahead))             # a closing capture covers resolve + lookahead
            #   concurrency: \(d.capture.concurrency)             # collector runs at once
            #   per_host_concurrency: \(d.capture.perHostConcurrency)     # … and against one host
            #   timeout: \(duration(d.capture.timeout))               # one collector run
            #   max_bytes: \(d.capture.maxBytes)         # per evidence item
            #   max_lines: \(d.capture.maxLines)           # per log source
            #   max_attempts: \(d.capture.maxAttempts)             # a job interrupted this often is marked failed
            #   lease: \(duration(d.capture.lease))                 # a dead worker's job resumes after this

            # hosts:                         # the allow-list; `local` (this machine) is always allowed
            #   - name: local

            # Without a `collectors:` key every incident captures these (`collectors: []` turns them off):
            # collectors:
            #   - { name: host-diagnostics, kind: command, match: {}, host: local, commands: default }
            #   - { name: journal, kind: journald, match: {}, host: local }
            #   - { name: alert-expression, kind: prometheus, match: {}, alert_expression: true }   # only with prometheus.url

            # redaction:                     # secrets are replaced before anything is stored
            #   keywords: []
            #   rules: []

            # postmortem:
            #   settle: \(duration(d.postmortem.settle))                # written this long after the incident resolves …
            #   deadline: \(duration(d.postmortem.deadline))              # … and never later than this after it started
            #   template:                    # default: <templates>/postmortem.md, else the built-in one
            # templates:                     # a folder overriding the built-in postmortem.md and site/ files
            # site_options:
            #   title: \(d.siteOptions.title)
            #   base_url:                    # e.g. https://postmortems.example.com/ (absolute links in the feed and notifications)
            # statuspage:                    # a resolved incident whose status page still shows it open is flagged …
            #   reminder_after: \(duration(d.statuspage.reminderAfter))             # … this long after it resolved (banner, list marker, gauge, reminder)
            #   reminder_every: \(duration(d.statuspage.reminderEvery))              # the reminder repeats until the status page catches up
            # notify: []                     # outgoing notifications (examples below)

            """
        if let apiTokenFile {
            y += "api:                             # /api and /metrics need Authorization: Bearer <token>\n  bearer_token_file: \(Self.quoted(apiTokenFile))\n"
        } else {
            y += "# api:                           # without a token /api and /metrics answer on loopback only\n#   bearer_token_file:\n"
        }
        y += """

            \(Self.examplesMarker)
            # hosts:
            #   - name: web-1
            #     address: 10.0.0.5           # what ssh connects to (default: the name)
            #     aliases: ["web-1:9100"]     # other label values that select this host
            #     ssh: { user: aftermath, port: 22, identity_file: /etc/aftermath/id_ed25519,
            #            known_hosts_file: /etc/aftermath/known_hosts, connect_timeout: 5s }
            # collectors:
            #   - { name: error-rate, kind: prometheus, match: { service: api },
            #       query: 'sum(rate(http_requests_total{service="{{labels.service}}",code=~"5.."}[1m]))', step: 15s }
            #   - { name: api-log, kind: file, match: { service: api }, host: local, paths: [/var/log/api/*.log*], max_lines: 20000 }
            #   - { name: remote-journal, kind: journald, match: {}, host_label: instance, unit: api.service }
            #   - { name: loki-errors, kind: loki, match: { service: api }, query: '{app="{{labels.service}}"} |= "error"' }
            #   - { name: diagnostics, kind: command, match: {}, host_label: instance, commands: default }
            #   - { name: vmstat, kind: command, match: {}, host: local, commands: [{ name: vmstat, argv: [vmstat, "1", "5"], timeout: 10s }] }
            #   - { name: ci-log, kind: http, match: { alertname: E2EFailed }, url: 'https://ci.example.com/job/e2e/lastBuild/consoleText', timeout: 20s, max_bytes: 1048576 }
            # redaction:
            #   keywords: [internal-codename]
            #   rules: [{ name: ticket, pattern: 'TICKET-[0-9]+', replacement: '[ticket]' }]
            # retention:                      # absent: keep everything forever
            #   evidence_content: 90d         # evidence content and search lines go this long after storage
            #   raw_deliveries: 30d           # webhook bodies and headers go this long after receipt
            #   collectors: { journal: 14d }  # per collector name, overriding evidence_content
            #   interval: 1h                  # how often serve applies it
            # notify:                         # postmortem_ready, postmortem_overdue, statuspage_reminder
            #   - { name: oncall-slack, format: slack, url_file: /etc/aftermath/slack-webhook.url }   # the URL is a secret
            #   - { name: incident-bot, format: json, url: 'https://bot.example.com/aftermath', bearer_token_file: /etc/aftermath/bot.token,
            #       events: [statuspage_reminder], timeout: 10s, max_attempts: 8, retry_after: 30s }

            """
        return y
    }

    /// `text` as a double-quoted YAML scalar (paths may hold spaces, `#` or `: `).
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
