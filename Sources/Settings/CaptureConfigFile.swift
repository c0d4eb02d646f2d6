import AftermathCore
import Foundation

/// YAML sections of capture configuration: `prometheus`, `loki`, `capture`, `hosts`,
/// `collectors`, `redaction`. Every key optional, unknown keys rejected.
struct PrometheusSection: Decodable {
    var config = PrometheusConfig()

    enum CodingKeys: String, CodingKey, CaseIterable { case url, timeout, bearer_token_file, bearer_token_env }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        config.url = try c.decodeIfPresent(String.self, forKey: .url)
        if let t = try c.decodeDuration(.timeout) { config.timeout = t }
        config.bearerToken = try secretReference(
            "prometheus.bearer_token", file: c.decodeIfPresent(String.self, forKey: .bearer_token_file),
            env: c.decodeIfPresent(String.self, forKey: .bearer_token_env))
    }
}

struct LokiSection: Decodable {
    var config = LokiConfig()

    enum CodingKeys: String, CodingKey, CaseIterable { case url, timeout, org_id, bearer_token_file, bearer_token_env }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        config.url = try c.decodeIfPresent(String.self, forKey: .url)
        if let t = try c.decodeDuration(.timeout) { config.timeout = t }
        config.orgID = try c.decodeIfPresent(String.self, forKey: .org_id)
        config.bearerToken = try secretReference(
            "loki.bearer_token", file: c.decodeIfPresent(String.self, forKey: .bearer_token_file),
            env: c.decodeIfPresent(String.self, forKey: .bearer_token_env))
    }
}

struct CaptureSection: Decodable {
    var config = CaptureConfig()

    enum CodingKeys: String, CodingKey, CaseIterable {
        case lookback, lookahead, concurrency, per_host_concurrency, timeout, max_bytes, max_lines, max_attempts, lease
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        if let v = try c.decodeDuration(.lookback) { config.lookback = v }
        if let v = try c.decodeDuration(.lookahead) { config.lookahead = v }
        if let v = try c.decodePositive(.concurrency) { config.concurrency = v }
        if let v = try c.decodePositive(.per_host_concurrency) { config.perHostConcurrency = v }
        if let v = try c.decodeDuration(.timeout) { config.timeout = v }
        if let v = try c.decodePositive(.max_bytes) { config.maxBytes = v }
        if let v = try c.decodePositive(.max_lines) { config.maxLines = v }
        if let v = try c.decodePositive(.max_attempts) { config.maxAttempts = v }
        if let v = try c.decodeDuration(.lease) { config.lease = v }
    }
}

struct HostSection: Decodable {
    var host: HostConfig

    enum CodingKeys: String, CodingKey, CaseIterable { case name, address, aliases, ssh }
    enum SSHKeys: String, CodingKey, CaseIterable { case user, port, identity_file, known_hosts_file, connect_timeout }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        host = HostConfig(name: try c.decode(String.self, forKey: .name))
        host.address = try c.decodeIfPresent(String.self, forKey: .address)
        host.aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
        if c.contains(.ssh) {
            let sshDecoder = try c.superDecoder(forKey: .ssh)
            let s = try sshDecoder.strictContainer(keyedBy: SSHKeys.self)
            var ssh = SSHConfig()
            ssh.user = try s.decodeIfPresent(String.self, forKey: .user)
            if let port = try s.decodeIfPresent(Int.self, forKey: .port) { ssh.port = port }
            ssh.identityFile = try s.decodeIfPresent(String.self, forKey: .identity_file)
            ssh.knownHostsFile = try s.decodeIfPresent(String.self, forKey: .known_hosts_file)
            if let t = try s.decodeDuration(.connect_timeout) { ssh.connectTimeout = t }
            host.ssh = ssh
        }
    }
}

struct CollectorSection: Decodable {
    var collector: CollectorConfig

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, kind, match, timeout, max_bytes, query, step, alert_expression, paths, max_lines
        case host, host_label, unit, commands, url, headers, redirect_hosts
    }
    enum TemplateKeys: String, CodingKey, CaseIterable { case name, argv, timeout, max_bytes }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .name)
        let kindText = try c.decode(String.self, forKey: .kind)
        let path = configKeyPath(decoder.codingPath) + ".kind"
        guard let kind = CollectorKind(rawValue: kindText) else {
            throw ConfigError.invalidValue(path: path, reason: "'\(kindText)' is not one of \(CollectorKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var collector = CollectorConfig(name: name, kind: kind)
        collector.match = try c.decodeIfPresent([String: String].self, forKey: .match) ?? [:]
        collector.timeout = try c.decodeDuration(.timeout)
        collector.maxBytes = try c.decodePositive(.max_bytes)
        if let one = try? c.decodeIfPresent(String.self, forKey: .query) {
            collector.queries = [one]
        } else {
            collector.queries = try c.decodeIfPresent([String].self, forKey: .query) ?? []
        }
        collector.step = try c.decodeDuration(.step)
        collector.alertExpression = try c.decodeIfPresent(Bool.self, forKey: .alert_expression) ?? true
        collector.paths = try c.decodeIfPresent([String].self, forKey: .paths) ?? []
        collector.maxLines = try c.decodePositive(.max_lines)
        collector.host = try c.decodeIfPresent(String.self, forKey: .host)
        collector.hostLabel = try c.decodeIfPresent(String.self, forKey: .host_label)
        collector.unit = try c.decodeIfPresent(String.self, forKey: .unit)
        collector.url = try c.decodeIfPresent(String.self, forKey: .url)
        collector.headers = try c.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
        collector.redirectHosts = try c.decodeIfPresent([String].self, forKey: .redirect_hosts) ?? []
        if c.contains(.commands) {
            if let word = try? c.decode(String.self, forKey: .commands) {
                guard word == "default" else {
                    throw ConfigError.invalidValue(path: path.replacingOccurrences(of: ".kind", with: ".commands"), reason: "write `default` or a list of {name, argv}")
                }
                collector.commands = .builtIn
            } else {
                var list = try c.nestedUnkeyedContainer(forKey: .commands)
                var templates: [CommandTemplate] = []
                while !list.isAtEnd {
                    let d = try list.superDecoder()
                    let t = try d.strictContainer(keyedBy: TemplateKeys.self)
                    let argv = try t.decode([String].self, forKey: .argv)
                    guard !argv.isEmpty else {
                        throw ConfigError.invalidValue(path: configKeyPath(d.codingPath) + ".argv", reason: "must not be empty")
                    }
                    templates.append(CommandTemplate(
                        name: try t.decode(String.self, forKey: .name), argv: argv,
                        timeout: try t.decodeDuration(.timeout), maxBytes: try t.decodePositive(.max_bytes)))
                }
                collector.commands = .templates(templates)
            }
        }
        self.collector = collector
    }
}

struct RedactionSection: Decodable {
    var config = RedactionConfig()

    enum CodingKeys: String, CodingKey, CaseIterable { case keywords, rules }
    enum RuleKeys: String, CodingKey, CaseIterable { case name, pattern, replacement }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        config.keywords = try c.decodeIfPresent([String].self, forKey: .keywords) ?? []
        if c.contains(.rules) {
            var list = try c.nestedUnkeyedContainer(forKey: .rules)
            while !list.isAtEnd {
                let d = try list.superDecoder()
                let r = try d.strictContainer(keyedBy: RuleKeys.self)
                config.rules.append(RedactionRuleConfig(
                    name: try r.decode(String.self, forKey: .name), pattern: try r.decode(String.self, forKey: .pattern),
                    replacement: try r.decodeIfPresent(String.self, forKey: .replacement)))
            }
        }
    }
}

extension KeyedDecodingContainer {
    /// An integer that must be > 0.
    func decodePositive(_ key: Key) throws -> Int? {
        guard let v = try decodeIfPresent(Int.self, forKey: key) else { return nil }
        guard v > 0 else {
            throw ConfigError.invalidValue(path: configKeyPath(codingPath + [key]), reason: "must be greater than 0")
        }
        return v
    }
}

/// `<name>_file` / `<name>_env` → a secret reference (not both).
func secretReference(_ name: String, file: String?, env: String?) throws -> SecretReference? {
    switch (file, env) {
    case (nil, nil): return nil
    case (let f?, nil): return SecretReference(key: "\(name)_file", origin: .file(f))
    case (nil, let e?): return SecretReference(key: "\(name)_env", origin: .environment(e))
    case (_?, _?): throw ConfigError.invalidValue(path: "\(name)_file", reason: "set either \(name)_file or \(name)_env, not both")
    }
}
