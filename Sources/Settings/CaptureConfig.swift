import AftermathCore
import Foundation

/// `prometheus`: where metric evidence comes from.
public struct PrometheusConfig: Sendable, Equatable {
    /// `prometheus.url`, e.g. `http://127.0.0.1:9090`. Unset: prometheus collectors record `skipped`.
    public var url: String?
    /// `prometheus.timeout`: per HTTP request; default 15s.
    public var timeout: TimeInterval = 15
    /// `prometheus.bearer_token_file` / `_env`.
    public var bearerToken: SecretReference?

    public init(url: String? = nil, timeout: TimeInterval = 15, bearerToken: SecretReference? = nil) {
        self.url = url
        self.timeout = timeout
        self.bearerToken = bearerToken
    }
}

/// `loki`: where LogQL evidence comes from.
public struct LokiConfig: Sendable, Equatable {
    /// `loki.url`, e.g. `http://127.0.0.1:3100`.
    public var url: String?
    /// `loki.timeout`; default 15s.
    public var timeout: TimeInterval = 15
    /// `loki.org_id`: sent as `X-Scope-OrgID` for multi-tenant Loki.
    public var orgID: String?
    /// `loki.bearer_token_file` / `_env`.
    public var bearerToken: SecretReference?

    public init(url: String? = nil, timeout: TimeInterval = 15, orgID: String? = nil, bearerToken: SecretReference? = nil) {
        self.url = url
        self.timeout = timeout
        self.orgID = orgID
        self.bearerToken = bearerToken
    }
}

/// `capture`: windows, limits and retries of evidence capture.
public struct CaptureConfig: Sendable, Equatable {
    /// `capture.lookback`: the window starts this long before the incident; default 30m.
    public var lookback: TimeInterval = 1800
    /// `capture.lookahead`: the closing capture runs this long after resolution; default 10m.
    public var lookahead: TimeInterval = 600
    /// `capture.concurrency`: collectors running at once, in total; default 16.
    public var concurrency: Int = 16
    /// `capture.per_host_concurrency`: collectors running at once against one host; default 4.
    public var perHostConcurrency: Int = 4
    /// `capture.timeout`: default time limit of one collector run; default 60s.
    public var timeout: TimeInterval = 60
    /// `capture.max_bytes`: default cap on one evidence item; default 4 MiB.
    public var maxBytes: Int = 4 << 20
    /// `capture.max_lines`: default cap on lines from one log source; default 50,000.
    public var maxLines: Int = 50_000
    /// `capture.max_attempts`: a job interrupted (crash, restart) this often is marked failed; default 3.
    public var maxAttempts: Int = 3
    /// `capture.lease`: a running job is renewed every third of this; if its worker dies, the job is
    /// resumed once the lease runs out. Default 30s.
    public var lease: TimeInterval = 30

    public init() {}
}

/// `hosts[]`: the allow-list. Nothing outside it is ever contacted; `local` is this machine.
public struct HostConfig: Sendable, Equatable {
    /// `name`: how incidents and collectors refer to the host (`local` = this machine, no ssh).
    public var name: String
    /// `address`: what ssh connects to; default the name.
    public var address: String?
    /// `aliases`: other exact label values that select this host (e.g. `web-1:9100`).
    public var aliases: [String] = []
    /// `ssh`: how to reach it; required for hosts other than `local`.
    public var ssh: SSHConfig?

    public init(name: String, address: String? = nil, aliases: [String] = [], ssh: SSHConfig? = nil) {
        self.name = name
        self.address = address
        self.aliases = aliases
        self.ssh = ssh
    }

    /// True for `local`: commands run here without ssh.
    public var isLocal: Bool { name == "local" }

    /// Whether a label value selects this host (exact match on name or an alias).
    public func isSelected(by value: String) -> Bool {
        value == name || aliases.contains(value)
    }
}

/// `hosts[].ssh`: OpenSSH client settings (always BatchMode, strict host keys, no stdin).
public struct SSHConfig: Sendable, Equatable {
    /// `user`; default: ssh's own default.
    public var user: String?
    /// `port`; default 22.
    public var port: Int = 22
    /// `identity_file`: private key (`-i`, with IdentitiesOnly).
    public var identityFile: String?
    /// `known_hosts_file`: the only known_hosts consulted (StrictHostKeyChecking=yes).
    public var knownHostsFile: String?
    /// `connect_timeout`; default 5s.
    public var connectTimeout: TimeInterval = 5

    public init(user: String? = nil, port: Int = 22, identityFile: String? = nil, knownHostsFile: String? = nil, connectTimeout: TimeInterval = 5) {
        self.user = user
        self.port = port
        self.identityFile = identityFile
        self.knownHostsFile = knownHostsFile
        self.connectTimeout = connectTimeout
    }
}

/// What a collector collects.
public enum CollectorKind: String, Sendable, Equatable, CaseIterable {
    case prometheus, file, journald, loki, command, http
}

/// `collectors[]`: one source of evidence, selected by the incident's labels.
public struct CollectorConfig: Sendable, Equatable {
    /// `name`: unique; names evidence items and jobs.
    public var name: String
    /// `kind`: prometheus, file, journald, loki, command or http.
    public var kind: CollectorKind
    /// `match`: label → value the incident must carry; `{}` = every incident.
    public var match: [String: String] = [:]
    /// `timeout`: time limit for this collector's run; default `capture.timeout`.
    public var timeout: TimeInterval?
    /// `max_bytes`: cap per evidence item; default `capture.max_bytes`.
    public var maxBytes: Int?
    /// `query` (prometheus, loki): one query or a list; `{{labels.NAME}}` is replaced by the
    /// incident's label value, escaped for a PromQL/LogQL string.
    public var queries: [String] = []
    /// `step` (prometheus): resolution; default chosen to stay under 11,000 points per series.
    public var step: TimeInterval?
    /// `alert_expression` (prometheus): also query each alert's own expression from its
    /// generatorURL (`g0.expr`); default true.
    public var alertExpression: Bool = true
    /// `paths` (file): globs; rotated (`.1`) and gzipped (`.gz`) files match their own globs.
    public var paths: [String] = []
    /// `max_lines` (file, journald, loki); default `capture.max_lines`.
    public var maxLines: Int?
    /// `host` (file, journald, command): a fixed host from `hosts`; default `local`.
    public var host: String?
    /// `host_label` (journald, command, file): take the host from this incident/alert label;
    /// its value must exactly match a host's name or alias.
    public var hostLabel: String?
    /// `unit` (journald): only this systemd unit.
    public var unit: String?
    /// `commands` (command): `default` (the built-in diagnostics) or a list of templates.
    public var commands: CommandSet = .builtIn
    /// `url` (http): the URL to GET; `{{labels.NAME}}` is replaced, URL-encoded.
    public var url: String?
    /// `headers` (http): extra request headers.
    public var headers: [String: String] = [:]
    /// `redirect_hosts` (http): host names a redirect may lead to besides the URL's own scheme
    /// and host (exact names, case-insensitive). Default none.
    public var redirectHosts: [String] = []

    public init(name: String, kind: CollectorKind) {
        self.name = name
        self.kind = kind
    }

    /// Whether the incident's labels select this collector.
    public func matches(_ labels: [String: String]) -> Bool {
        match.allSatisfy { labels[$0.key] == $0.value }
    }
}

/// `commands`: which diagnostics a command collector runs.
public enum CommandSet: Sendable, Equatable {
    /// `default`: uptime/load, memory, disks, top processes by CPU and memory, sockets summary,
    /// recent kernel messages, failed units, network interfaces.
    case builtIn
    case templates([CommandTemplate])
}

/// `commands[]`: one command, as argv (never a shell line); no incident text is ever substituted.
public struct CommandTemplate: Sendable, Equatable {
    public var name: String
    public var argv: [String]
    public var timeout: TimeInterval?
    public var maxBytes: Int?

    public init(name: String, argv: [String], timeout: TimeInterval? = nil, maxBytes: Int? = nil) {
        self.name = name
        self.argv = argv
        self.timeout = timeout
        self.maxBytes = maxBytes
    }
}

/// `redaction`: secrets are replaced before anything is stored.
public struct RedactionConfig: Sendable, Equatable {
    /// `redaction.keywords`: exact strings replaced wherever they appear.
    public var keywords: [String] = []
    /// `redaction.rules`: extra `{name, pattern, replacement}` regexes; the defaults stay on.
    public var rules: [RedactionRuleConfig] = []

    public init(keywords: [String] = [], rules: [RedactionRuleConfig] = []) {
        self.keywords = keywords
        self.rules = rules
    }
}

/// One configured redaction rule.
public struct RedactionRuleConfig: Sendable, Equatable {
    public var name: String
    public var pattern: String
    /// Default `[REDACTED:<name>]`.
    public var replacement: String?

    public init(name: String, pattern: String, replacement: String? = nil) {
        self.name = name
        self.pattern = pattern
        self.replacement = replacement
    }
}
