// Settings owns aftermath.yaml: strict decoding into typed values with every default filled in,
// secret references (files, environment), the commented template `init` writes and the effective
// view `config show` prints. It reads configuration only: no archive, network or clock.

import AftermathCore
import Foundation
import Yams

/// Aftermath's whole configuration, with every default filled in.
///
/// Read from one YAML file (`--config`); with no file at all every default applies:
/// listen on 127.0.0.1:9099, archive under `./archive`, site under `./site`, the embedded
/// default capture, the built-in templates.
public struct AftermathConfig: Sendable, Equatable {
    public var server: ServerConfig
    /// `archive`: holds `aftermath.sqlite` and `postmortems/`.
    public var archiveDirectory: String
    /// `site`: where `aftermath site build` writes HTML.
    public var siteDirectory: String
    /// `sources.<name>`: one entry per webhook route; absent sources get the defaults.
    public var sources: [WebhookSource: SourceConfig]
    public var intake: IntakeConfig
    public var prometheus = PrometheusConfig()
    public var loki = LokiConfig()
    public var capture = CaptureConfig()
    /// `hosts`: the allow-list; `local` is always implied.
    public var hosts: [HostConfig] = []
    /// `collectors` as written; nil (no `collectors:` key) means the embedded defaults.
    public var configuredCollectors: [CollectorConfig]?
    /// The collectors that run: those configured, or without a `collectors:` key the embedded
    /// defaults (`CollectorConfig.embeddedDefaults`); `collectors: []` runs none.
    public var collectors: [CollectorConfig] {
        get { configuredCollectors ?? CollectorConfig.embeddedDefaults(prometheusURL: prometheus.url) }
        set { configuredCollectors = newValue }
    }
    public var redaction = RedactionConfig()
    public var postmortem = PostmortemConfig()
    /// `templates`: a folder whose `postmortem.md` and `site/` files override the built-in copies
    /// (compiled from the repository's `templates/`); unset: the built-in templates only.
    public var templatesDirectory: String?
    public var siteOptions = SiteConfig()
    public var api = APIConfig()
    /// `site_access`: who may read `/site/` when `aftermath serve --serve-site` serves it.
    public var siteAccess = SiteAccessConfig()
    public var retention = RetentionConfig()
    /// `statuspage`: reminders while a status page stays open after its incident resolved.
    public var statuspage = StatusPageConfig()
    /// `notify`: where outgoing notifications go; empty sends none.
    public var notify: [NotifyTarget] = []

    public init(
        server: ServerConfig = ServerConfig(),
        archiveDirectory: String = "./archive",
        siteDirectory: String = "./site",
        sources: [WebhookSource: SourceConfig] = [:],
        intake: IntakeConfig = IntakeConfig()
    ) {
        self.server = server
        self.archiveDirectory = archiveDirectory
        self.siteDirectory = siteDirectory
        self.sources = sources
        self.intake = intake
    }

    /// The settings for `source` (defaults when the file does not mention it: enabled, except a
    /// change sender beyond loopback, see `WebhookSource.isOffBeyondLoopbackUnlessConfigured`).
    public func source(_ source: WebhookSource) -> SourceConfig {
        sources[source] ?? SourceConfig(enabled: server.isLoopback || !source.isOffBeyondLoopbackUnlessConfigured)
    }

    /// `<archive>/postmortems`: where the Markdown postmortems live.
    public var postmortemsDirectory: String {
        (archiveDirectory as NSString).appendingPathComponent("postmortems")
    }

    /// The postmortem template file: `postmortem.template`, or `<templates>/postmortem.md`
    /// (nil: the built-in template).
    public var postmortemTemplatePath: String? {
        postmortem.template ?? templatesDirectory.map { ($0 as NSString).appendingPathComponent("postmortem.md") }
    }

    /// The allow-listed host named `name` (`local` is always allowed).
    public func host(named name: String) -> HostConfig? {
        if let host = hosts.first(where: { $0.name == name }) { return host }
        return name == "local" ? HostConfig(name: "local") : nil
    }

    /// The allow-listed host a label value selects, by exact match on name or alias.
    public func host(selectedBy value: String) -> HostConfig? {
        if let host = hosts.first(where: { $0.isSelected(by: value) }) { return host }
        return value == "local" ? HostConfig(name: "local") : nil
    }

    /// Loads `path`, or the defaults when `path` is nil.
    public static func load(path: String?) throws -> AftermathConfig {
        guard let path else { return AftermathConfig() }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError.unreadableFile(path: path, reason: error.localizedDescription)
        }
        return try parse(yaml: text, path: path)
    }

    /// Parses YAML text; `path` only names the file in errors.
    public static func parse(yaml text: String, path: String = "aftermath.yaml") throws -> AftermathConfig {
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return AftermathConfig() }
        try ConfigNUL.check(yaml: text)
        do {
            return try YAMLDecoder().decode(ConfigFile.self, from: text).resolved()
        } catch let error as ConfigError {
            throw error
        } catch let DecodingError.typeMismatch(type, context) {
            throw ConfigError.invalidValue(path: configKeyPath(context.codingPath), reason: "expected \(type)")
        } catch let DecodingError.dataCorrupted(context) {
            // Yams wraps errors thrown while decoding (our unknown-key checks among them).
            if let inner = context.underlyingError as? ConfigError { throw inner }
            if context.codingPath.isEmpty, let inner = context.underlyingError {
                throw ConfigError.syntax(path: path, reason: "\(inner)")
            }
            throw ConfigError.invalidValue(path: configKeyPath(context.codingPath), reason: context.debugDescription)
        } catch {
            throw ConfigError.syntax(path: path, reason: "\(error)")
        }
    }
}

/// `server`: the HTTP listener.
public struct ServerConfig: Sendable, Equatable {
    /// `server.listen`: `host:port`; default `127.0.0.1:9099`.
    public var host: String
    public var port: Int
    /// `server.max_body_bytes`: the largest webhook body accepted; default 16 MiB.
    public var maxBodyBytes: Int
    /// `server.allowed_hosts`: on a loopback listener, the `Host` names answered besides
    /// `localhost`, `127.0.0.1`, `[::1]` and the listen host (a page that rebinds its own name
    /// to 127.0.0.1 is refused). Default none.
    public var allowedHosts: [String] = []
    /// `server.read_timeout`: a request's body must arrive within this of its headers, or the
    /// connection is closed (a sender trickling bytes holds nothing for long). Default 30s.
    public var readTimeout: TimeInterval = 30
    /// `server.idle_timeout`: a connection that sends no complete request headers for this long
    /// (new, or kept alive after an answer) is closed. Default 60s.
    public var idleTimeout: TimeInterval = 60
    /// `server.max_connections`: connections served at once; more wait in the listen backlog. Default 512.
    public var maxConnections: Int = 512
    /// `server.max_buffered_bytes`: request body bytes held across all connections at once; a body
    /// that would go over it is answered 503 with Retry-After. Default 64 MiB (at least max_body_bytes).
    public var maxBufferedBytes: Int = 64 << 20

    public init(host: String = "127.0.0.1", port: Int = 9099, maxBodyBytes: Int = 16 << 20) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
    }

    /// Whether the listen address only accepts connections from this machine, by parsing it
    /// (`localhost` is resolved); see `LoopbackAddress`. Ask once and keep the answer.
    public var isLoopback: Bool {
        LoopbackAddress.isLoopback(host)
    }

    /// Parses `host:port` (`[::1]:9099` for IPv6).
    public static func parseListen(_ text: String, key: String = "server.listen") throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":") else {
            throw ConfigError.invalidValue(path: key, reason: "'\(text)' is not host:port")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port), !host.isEmpty else {
            throw ConfigError.invalidValue(path: key, reason: "'\(text)' is not host:port")
        }
        return (host, port)
    }
}

/// `sources.<name>`: how one webhook route authenticates and maps its payloads.
/// Every configured mechanism must pass; a source with none is accepted only on loopback.
public struct SourceConfig: Sendable, Equatable {
    /// `enabled`: false removes the route (404). Default true.
    public var enabled: Bool = true
    /// `bearer_token_file` / `bearer_token_env`: `Authorization: Bearer <token>`.
    public var bearerToken: SecretReference?
    /// `basic_auth: {username, password_file | password_env}`.
    public var basicAuth: BasicAuthConfig?
    /// `hmac_secret_file` / `hmac_secret_env` with `hmac_header` and `hmac_timestamp_header` (Grafana style).
    public var hmac: HMACConfig?
    /// `signing_secret_file` / `signing_secret_env`: PagerDuty v3 `X-PagerDuty-Signature`.
    public var signingSecret: SecretReference?
    /// `path_token_file` / `path_token_env`: the sender posts to `/hooks/<source>/<token>` (Statuspage).
    public var pathToken: SecretReference?
    /// `services`: Statuspage component (name or id) → service, to join that service's open incident.
    public var services: [String: String] = [:]

    public init(
        enabled: Bool = true, bearerToken: SecretReference? = nil, basicAuth: BasicAuthConfig? = nil,
        hmac: HMACConfig? = nil, signingSecret: SecretReference? = nil, pathToken: SecretReference? = nil,
        services: [String: String] = [:]
    ) {
        self.enabled = enabled
        self.bearerToken = bearerToken
        self.basicAuth = basicAuth
        self.hmac = hmac
        self.signingSecret = signingSecret
        self.pathToken = pathToken
        self.services = services
    }

    /// Whether any credential or signature is configured.
    public var isAuthenticated: Bool {
        bearerToken != nil || basicAuth != nil || hmac != nil || signingSecret != nil || pathToken != nil
    }
}

/// Basic credentials a sender must present.
public struct BasicAuthConfig: Sendable, Equatable {
    public var username: String
    public var password: SecretReference

    public init(username: String, password: SecretReference) {
        self.username = username
        self.password = password
    }
}

/// A hex HMAC-SHA256 of the raw body (or of `timestamp:body`) in a header.
public struct HMACConfig: Sendable, Equatable {
    public var secret: SecretReference
    /// `hmac_header`; default `X-Hub-Signature-256` for `github`, else `X-Grafana-Alerting-Signature`.
    public var header: String = Self.grafanaHeader
    /// `hmac_timestamp_header`; when set the MAC covers `timestamp + ":" + body`.
    public var timestampHeader: String?
    /// `hmac_max_skew`; how far the timestamp may be from now; default 5m.
    public var maxSkew: TimeInterval = 300

    /// Grafana's signature header, the default for every source but GitHub.
    public static let grafanaHeader = "X-Grafana-Alerting-Signature"
    /// GitHub's: `sha256=<hex HMAC-SHA256 of the raw body>`.
    public static let githubHeader = "X-Hub-Signature-256"

    /// The header `source` signs in unless `hmac_header` says otherwise.
    public static func defaultHeader(for source: WebhookSource) -> String {
        source == .github ? githubHeader : grafanaHeader
    }
}

/// `intake`: how signals become incidents.
public struct IntakeConfig: Sendable, Equatable {
    /// `intake.reopen_window`: a recurring alert group that fires again within this long of its
    /// incident resolving reopens it instead of opening a new one. Default 10m.
    public var reopenWindow: TimeInterval = 600
    /// `intake.service_labels`: alert labels naming the affected service, first match wins.
    /// Default `[service, app]`.
    public var serviceLabels: [String] = ["service", "app"]
    /// `intake.max_time_ahead`: a sender time later than receipt + this is not believed (it is kept
    /// as sent; the incident uses the receipt time and the timeline says so). Default 24h.
    public var maxTimeAhead: TimeInterval = 86_400
    /// `intake.earliest_time`: a sender time before this is not believed either. Default 2000-01-01T00:00:00Z.
    public var earliestTime = Date(timeIntervalSince1970: 946_684_800)

    public init(reopenWindow: TimeInterval = 600, serviceLabels: [String] = ["service", "app"]) {
        self.reopenWindow = reopenWindow
        self.serviceLabels = serviceLabels
    }
}
