import AftermathCore
import Foundation

/// The configuration as it takes effect, for `aftermath config check`: every key with its value
/// after defaults, in YAML shape. Secrets are never read here: a secret shows where it comes from
/// (a file or a variable), and values that may hold one (URL passwords, HTTP headers, redaction
/// keywords) are masked.
public enum EffectiveConfig {
    /// What replaces a masked value.
    public static let mask = "********"

    /// How a source authenticates and where it is posted, one line each.
    public static func sources(_ config: AftermathConfig) -> [(source: WebhookSource, route: String, authentication: String)] {
        WebhookSource.allCases.map { source in
            let s = config.source(source)
            guard s.enabled else { return (source, "disabled (404)", "—") }
            var mechanisms: [String] = []
            if let r = s.bearerToken { mechanisms.append("bearer token (\(origin(r)))") }
            if let b = s.basicAuth { mechanisms.append("basic auth as \(b.username) (\(origin(b.password)))") }
            if let h = s.hmac {
                mechanisms.append("HMAC-SHA256 in \(h.header)\(h.timestampHeader.map { " with timestamp \($0), ±\(DurationText.format(h.maxSkew))" } ?? "") (\(origin(h.secret)))")
            }
            if let r = s.signingSecret { mechanisms.append("PagerDuty signature (\(origin(r)))") }
            if let r = s.pathToken { mechanisms.append("token in the path (\(origin(r)))") }
            let route = "POST /hooks/\(source.rawValue)" + (s.pathToken != nil ? "/<token>" : "")
            return (source, route, mechanisms.isEmpty ? "none: accepted on loopback only" : mechanisms.joined(separator: " and "))
        }
    }

    /// The effective configuration as YAML-shaped text.
    public static func render(_ c: AftermathConfig) -> String {
        var lines: [String] = []
        func add(_ line: String) { lines.append(line) }
        add("server:")
        add("  listen: \(c.server.host.contains(":") ? "[\(c.server.host)]" : c.server.host):\(c.server.port)")
        add("  max_body_bytes: \(c.server.maxBodyBytes)")
        add("archive: \(c.archiveDirectory)")
        add("site: \(c.siteDirectory)")
        add("intake:")
        add("  reopen_window: \(DurationText.format(c.intake.reopenWindow))")
        add("  service_labels: [\(c.intake.serviceLabels.joined(separator: ", "))]")
        add("sources:")
        for source in WebhookSource.allCases {
            let s = c.source(source)
            var keys: [String] = []
            if !s.enabled { keys.append("enabled: false") }
            if let r = s.bearerToken { keys.append(reference("bearer_token", r)) }
            if let b = s.basicAuth { keys.append("basic_auth: { username: \(b.username), \(reference("password", b.password)) }") }
            if let h = s.hmac {
                keys.append(reference("hmac_secret", h.secret))
                keys.append("hmac_header: \(h.header)")
                if let t = h.timestampHeader { keys.append("hmac_timestamp_header: \(t)") }
                keys.append("hmac_max_skew: \(DurationText.format(h.maxSkew))")
            }
            if let r = s.signingSecret { keys.append(reference("signing_secret", r)) }
            if let r = s.pathToken { keys.append(reference("path_token", r)) }
            if !s.services.isEmpty { keys.append("services: { \(s.services.keys.sorted().map { "\($0): \(s.services[$0] ?? "")" }.joined(separator: ", ")) }") }
            add("  \(source.rawValue): " + (keys.isEmpty ? "{}" : "{ \(keys.joined(separator: ", ")) }"))
        }
        add("prometheus: { url: \(c.prometheus.url.map(maskURL) ?? "~"), timeout: \(DurationText.format(c.prometheus.timeout))\(c.prometheus.bearerToken.map { ", " + reference("bearer_token", $0) } ?? "") }")
        add("loki: { url: \(c.loki.url.map(maskURL) ?? "~"), timeout: \(DurationText.format(c.loki.timeout))\(c.loki.orgID.map { ", org_id: \($0)" } ?? "")\(c.loki.bearerToken.map { ", " + reference("bearer_token", $0) } ?? "") }")
        let k = c.capture
        add("capture: { lookback: \(DurationText.format(k.lookback)), lookahead: \(DurationText.format(k.lookahead)), concurrency: \(k.concurrency), per_host_concurrency: \(k.perHostConcurrency), timeout: \(DurationText.format(k.timeout)), max_bytes: \(k.maxBytes), max_lines: \(k.maxLines), max_attempts: \(k.maxAttempts), lease: \(DurationText.format(k.lease)) }")
        add("hosts:")
        for host in [HostConfig(name: "local")] + c.hosts.filter({ !$0.isLocal }) {
            var keys = ["name: \(host.name)"]
            if let a = host.address { keys.append("address: \(a)") }
            if !host.aliases.isEmpty { keys.append("aliases: [\(host.aliases.joined(separator: ", "))]") }
            if let ssh = host.ssh {
                var s = ["port: \(ssh.port)", "connect_timeout: \(DurationText.format(ssh.connectTimeout))"]
                if let u = ssh.user { s.insert("user: \(u)", at: 0) }
                if let i = ssh.identityFile { s.append("identity_file: \(i)") }
                if let h = ssh.knownHostsFile { s.append("known_hosts_file: \(h)") }
                keys.append("ssh: { \(s.joined(separator: ", ")) }")
            }
            add("  - { \(keys.joined(separator: ", ")) }")
        }
        add("collectors:" + (c.configuredCollectors == nil ? "   # the embedded defaults (no collectors: key)" : c.collectors.isEmpty ? " []" : ""))
        for collector in c.collectors { add("  - { \(describe(collector, capture: c.capture).joined(separator: ", ")) }") }
        add("redaction: { keywords: \(c.redaction.keywords.isEmpty ? "[]" : "[\(c.redaction.keywords.count) × \(mask)]"), rules: [\(c.redaction.rules.map(\.name).joined(separator: ", "))] }")
        add("postmortem: { settle: \(DurationText.format(c.postmortem.settle)), deadline: \(DurationText.format(c.postmortem.deadline)), template: \(c.postmortem.template ?? c.postmortemTemplatePath.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil } ?? "built-in") }")
        add("templates: \(c.templatesDirectory ?? "~   # the built-in templates")")
        add("site_options: { title: \(c.siteOptions.title), base_url: \(c.siteOptions.baseURL ?? "~") }")
        add(c.api.bearerToken.map { "api: { \(reference("bearer_token", $0)) }" } ?? "api: { bearer_token_file: ~ }   # /api and /metrics answer on loopback only")
        add("statuspage: { reminder_after: \(DurationText.format(c.statuspage.reminderAfter)), reminder_every: \(DurationText.format(c.statuspage.reminderEvery)) }")
        add("notify:" + (c.notify.isEmpty ? " []   # no outgoing notifications" : ""))
        for target in c.notify { add("  - { \(describe(target).joined(separator: ", ")) }") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A collector's keys, limits resolved against `capture`.
    static func describe(_ collector: CollectorConfig, capture: CaptureConfig) -> [String] {
        var keys = ["name: \(collector.name)", "kind: \(collector.kind.rawValue)"]
        keys.append("match: {\(collector.match.keys.sorted().map { " \($0): \(collector.match[$0] ?? "")" }.joined(separator: ","))\(collector.match.isEmpty ? "" : " ")}")
        if let h = collector.host { keys.append("host: \(h)") }
        if let h = collector.hostLabel { keys.append("host_label: \(h)") }
        switch collector.kind {
        case .prometheus:
            if !collector.queries.isEmpty { keys.append("query: [\(collector.queries.map { "'\($0)'" }.joined(separator: ", "))]") }
            keys.append("alert_expression: \(collector.alertExpression)")
            if let s = collector.step { keys.append("step: \(DurationText.format(s))") }
        case .loki:
            keys.append("query: [\(collector.queries.map { "'\($0)'" }.joined(separator: ", "))]")
        case .file:
            keys.append("paths: [\(collector.paths.joined(separator: ", "))]")
        case .journald:
            if let u = collector.unit { keys.append("unit: \(u)") }
        case .command:
            switch collector.commands {
            case .builtIn: keys.append("commands: default")
            case .templates(let t): keys.append("commands: [\(t.map(\.name).joined(separator: ", "))]")
            }
        case .http:
            keys.append("url: \(collector.url.map(maskURL) ?? "~")")
            if !collector.headers.isEmpty { keys.append("headers: { \(collector.headers.keys.sorted().map { "\($0): \(mask)" }.joined(separator: ", ")) }") }
        }
        keys.append("timeout: \(DurationText.format(collector.timeout ?? capture.timeout))")
        keys.append("max_bytes: \(collector.maxBytes ?? capture.maxBytes)")
        if [.file, .journald, .loki].contains(collector.kind) { keys.append("max_lines: \(collector.maxLines ?? capture.maxLines)") }
        return keys
    }

    /// A notify target's keys; its URL only where it comes from, or with any password masked.
    static func describe(_ target: NotifyTarget) -> [String] {
        var keys = ["name: \(target.name)", "format: \(target.format.rawValue)"]
        switch target.destination {
        case .inline(let url): keys.append("url: \(maskURL(url))")
        case .secret(let reference): keys.append(Self.reference("url", reference))
        }
        keys.append("events: [\(target.events.map(\.rawValue).joined(separator: ", "))]")
        if let token = target.bearerToken { keys.append(reference("bearer_token", token)) }
        keys.append("timeout: \(DurationText.format(target.timeout))")
        keys.append("max_attempts: \(target.maxAttempts)")
        keys.append("retry_after: \(DurationText.format(target.retryAfter))")
        return keys
    }

    /// `name_file: path` or `name_env: VAR`: where the secret comes from, never its value.
    static func reference(_ name: String, _ r: SecretReference) -> String {
        switch r.origin {
        case .file(let path): return "\(name)_file: \(path)"
        case .environment(let variable): return "\(name)_env: \(variable)"
        }
    }

    static func origin(_ r: SecretReference) -> String {
        switch r.origin {
        case .file(let path): return "from file \(path)"
        case .environment(let variable): return "from $\(variable)"
        }
    }

    /// `url` with the password of any `user:password@` replaced by the mask.
    static func maskURL(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return url }
        let userinfo = rest[..<at]
        let user = userinfo.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        return String(url[..<schemeEnd.upperBound]) + user + ":" + mask + String(rest[at...])
    }
}
