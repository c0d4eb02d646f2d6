import AftermathCore
import Foundation

/// The YAML file as written: every key optional, unknown keys rejected.
struct ConfigFile: Decodable {
    var server: ServerSection?
    var archive: String?
    var site: String?
    var sources: [String: SourceSection]?
    var intake: IntakeSection?
    var prometheus: PrometheusSection?
    var loki: LokiSection?
    var capture: CaptureSection?
    var hosts: [HostSection]?
    var collectors: [CollectorSection]?
    var redaction: RedactionSection?
    var postmortem: PostmortemSection?
    var templates: String?
    var siteOptions: SiteSection?
    var api: APISection?
    var siteAccess: SiteAccessSection?
    var retention: RetentionSection?
    var statuspage: StatusPageSection?
    var notify: [NotifySection]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case server, archive, site, sources, intake, prometheus, loki, capture, hosts, collectors, redaction
        case postmortem, templates, site_options, api, site_access, retention, statuspage, notify
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        server = try c.decodeIfPresent(ServerSection.self, forKey: .server)
        archive = try c.decodeIfPresent(String.self, forKey: .archive)
        site = try c.decodeIfPresent(String.self, forKey: .site)
        sources = try c.decodeIfPresent([String: SourceSection].self, forKey: .sources)
        intake = try c.decodeIfPresent(IntakeSection.self, forKey: .intake)
        prometheus = try c.decodeIfPresent(PrometheusSection.self, forKey: .prometheus)
        loki = try c.decodeIfPresent(LokiSection.self, forKey: .loki)
        capture = try c.decodeIfPresent(CaptureSection.self, forKey: .capture)
        hosts = try c.decodeIfPresent([HostSection].self, forKey: .hosts)
        collectors = try c.decodeIfPresent([CollectorSection].self, forKey: .collectors)
        redaction = try c.decodeIfPresent(RedactionSection.self, forKey: .redaction)
        postmortem = try c.decodeIfPresent(PostmortemSection.self, forKey: .postmortem)
        templates = try c.decodeIfPresent(String.self, forKey: .templates)
        siteOptions = try c.decodeIfPresent(SiteSection.self, forKey: .site_options)
        api = try c.decodeIfPresent(APISection.self, forKey: .api)
        siteAccess = try c.decodeIfPresent(SiteAccessSection.self, forKey: .site_access)
        retention = try c.decodeIfPresent(RetentionSection.self, forKey: .retention)
        statuspage = try c.decodeIfPresent(StatusPageSection.self, forKey: .statuspage)
        notify = try c.decodeIfPresent([NotifySection].self, forKey: .notify)
    }

    func resolved() throws -> AftermathConfig {
        var config = AftermathConfig()
        if let server {
            if let listen = server.listen {
                (config.server.host, config.server.port) = try ServerConfig.parseListen(listen)
            }
            if let hosts = server.allowed_hosts { config.server.allowedHosts = hosts }
            if let max = server.max_body_bytes {
                guard max >= 1024 else {
                    throw ConfigError.invalidValue(path: "server.max_body_bytes", reason: "must be at least 1024")
                }
                config.server.maxBodyBytes = max
                config.server.maxBufferedBytes = Swift.max(config.server.maxBufferedBytes, max)
            }
            try server.applyLimits(to: &config.server)
        }
        if let archive { config.archiveDirectory = archive }
        if let site { config.siteDirectory = site }
        for (name, section) in sources ?? [:] {
            guard let source = WebhookSource(rawValue: name) else {
                throw ConfigError.unknownKey(path: "sources.\(name)", known: WebhookSource.allCases.map(\.rawValue))
            }
            config.sources[source] = try section.resolved(path: "sources.\(name)", defaultHMACHeader: HMACConfig.defaultHeader(for: source))
        }
        if let intake {
            if let w = intake.reopenWindow { config.intake.reopenWindow = w }
            if let labels = intake.serviceLabels { config.intake.serviceLabels = labels }
            if let ahead = intake.maxTimeAhead { config.intake.maxTimeAhead = ahead }
            if let earliest = intake.earliestTime { config.intake.earliestTime = earliest }
        }
        if let prometheus { config.prometheus = prometheus.config }
        if let loki { config.loki = loki.config }
        if let capture { config.capture = capture.config }
        config.hosts = hosts?.map(\.host) ?? []
        config.configuredCollectors = collectors?.map(\.collector)
        if let redaction { config.redaction = redaction.config }
        if let postmortem { config.postmortem = postmortem.config }
        if let templates { config.templatesDirectory = templates }
        if let siteOptions { config.siteOptions = siteOptions.config }
        if let api { config.api = api.config }
        if let siteAccess { config.siteAccess = siteAccess.config }
        if let retention { config.retention = retention.config }
        if let statuspage { config.statuspage = statuspage.config }
        var names = Set<String>()
        for (i, section) in (notify ?? []).enumerated() {
            let target = try section.resolved(path: "notify[\(i)]")
            guard names.insert(target.name).inserted else {
                throw ConfigError.invalidValue(path: "notify[\(i)].name", reason: "'\(target.name)' is listed twice")
            }
            config.notify.append(target)
        }
        try validateCapture(config)
        return config
    }

    /// Names are unique, hosts referenced by collectors exist, remote hosts say how to reach them.
    private func validateCapture(_ config: AftermathConfig) throws {
        var seenHosts = Set<String>()
        for (i, host) in config.hosts.enumerated() {
            guard seenHosts.insert(host.name).inserted else {
                throw ConfigError.invalidValue(path: "hosts[\(i)].name", reason: "'\(host.name)' is listed twice")
            }
            for value in [host.name, host.address ?? ""] + host.aliases where value.hasPrefix("-") {
                throw ConfigError.invalidValue(path: "hosts[\(i)]", reason: "'\(value)' starts with '-' (it would reach ssh as an option)")
            }
            if !host.isLocal, host.ssh == nil {
                throw ConfigError.invalidValue(path: "hosts[\(i)].ssh", reason: "host '\(host.name)' needs ssh settings (only `local` runs without ssh)")
            }
        }
        var seenCollectors = Set<String>()
        for (i, collector) in config.collectors.enumerated() {
            guard seenCollectors.insert(collector.name).inserted else {
                throw ConfigError.invalidValue(path: "collectors[\(i)].name", reason: "'\(collector.name)' is listed twice")
            }
            if let host = collector.host, config.host(named: host) == nil {
                throw ConfigError.invalidValue(path: "collectors[\(i)].host", reason: "'\(host)' is not in hosts")
            }
            switch collector.kind {
            case .prometheus where collector.queries.isEmpty && !collector.alertExpression,
                 .loki where collector.queries.isEmpty:
                throw ConfigError.invalidValue(path: "collectors[\(i)].query", reason: "a \(collector.kind.rawValue) collector needs a query")
            case .file where collector.paths.isEmpty:
                throw ConfigError.invalidValue(path: "collectors[\(i)].paths", reason: "a file collector needs paths")
            case .http where collector.url == nil:
                throw ConfigError.invalidValue(path: "collectors[\(i)].url", reason: "an http collector needs a url")
            default:
                break
            }
        }
    }
}

struct ServerSection: Decodable {
    var listen: String?
    var max_body_bytes: Int?
    var allowed_hosts: [String]?
    var readTimeout, idleTimeout: TimeInterval?
    var maxConnections, maxBufferedBytes: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case listen, max_body_bytes, allowed_hosts, read_timeout, idle_timeout, max_connections, max_buffered_bytes
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        listen = try c.decodeIfPresent(String.self, forKey: .listen)
        max_body_bytes = try c.decodeIfPresent(Int.self, forKey: .max_body_bytes)
        allowed_hosts = try c.decodeIfPresent([String].self, forKey: .allowed_hosts)
        readTimeout = try c.decodeDuration(.read_timeout)
        idleTimeout = try c.decodeDuration(.idle_timeout)
        maxConnections = try c.decodeIfPresent(Int.self, forKey: .max_connections)
        maxBufferedBytes = try c.decodeIfPresent(Int.self, forKey: .max_buffered_bytes)
    }

    /// The limits into `server`, each checked.
    func applyLimits(to server: inout ServerConfig) throws {
        if let readTimeout {
            guard readTimeout >= 1 else { throw ConfigError.invalidValue(path: "server.read_timeout", reason: "must be at least 1s") }
            server.readTimeout = readTimeout
        }
        if let idleTimeout {
            guard idleTimeout >= 1 else { throw ConfigError.invalidValue(path: "server.idle_timeout", reason: "must be at least 1s") }
            server.idleTimeout = idleTimeout
        }
        if let maxConnections {
            guard maxConnections >= 1 else { throw ConfigError.invalidValue(path: "server.max_connections", reason: "must be at least 1") }
            server.maxConnections = maxConnections
        }
        if let maxBufferedBytes { server.maxBufferedBytes = maxBufferedBytes }
        guard server.maxBufferedBytes >= server.maxBodyBytes else {
            throw ConfigError.invalidValue(
                path: "server.max_buffered_bytes", reason: "must be at least server.max_body_bytes (\(server.maxBodyBytes))")
        }
    }
}

struct IntakeSection: Decodable {
    var reopenWindow: TimeInterval?
    var serviceLabels: [String]?
    var maxTimeAhead: TimeInterval?
    var earliestTime: Date?

    enum CodingKeys: String, CodingKey, CaseIterable { case reopen_window, service_labels, max_time_ahead, earliest_time }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        reopenWindow = try c.decodeDuration(.reopen_window)
        serviceLabels = try c.decodeIfPresent([String].self, forKey: .service_labels)
        maxTimeAhead = try c.decodeDuration(.max_time_ahead)
        if let text = try c.decodeIfPresent(String.self, forKey: .earliest_time) {
            do {
                guard let date = try Timestamp.parse(text) else {
                    throw ConfigError.invalidValue(path: "intake.earliest_time", reason: "'\(text)' is before 1900")
                }
                earliestTime = date
            } catch let error as Timestamp.ParseError {
                throw ConfigError.invalidValue(path: "intake.earliest_time", reason: error.description)
            }
        }
    }
}

struct SourceSection: Decodable {
    var enabled: Bool?
    var bearerTokenFile, bearerTokenEnv: String?
    var basicAuth: BasicSection?
    var hmacSecretFile, hmacSecretEnv, hmacHeader, hmacTimestampHeader: String?
    var hmacMaxSkew: TimeInterval?
    var signingSecretFile, signingSecretEnv: String?
    var pathTokenFile, pathTokenEnv: String?
    var services: [String: String]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case enabled
        case bearer_token_file, bearer_token_env, basic_auth
        case hmac_secret_file, hmac_secret_env, hmac_header, hmac_timestamp_header, hmac_max_skew
        case signing_secret_file, signing_secret_env
        case path_token_file, path_token_env
        case services
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled)
        bearerTokenFile = try c.decodeIfPresent(String.self, forKey: .bearer_token_file)
        bearerTokenEnv = try c.decodeIfPresent(String.self, forKey: .bearer_token_env)
        basicAuth = try c.decodeIfPresent(BasicSection.self, forKey: .basic_auth)
        hmacSecretFile = try c.decodeIfPresent(String.self, forKey: .hmac_secret_file)
        hmacSecretEnv = try c.decodeIfPresent(String.self, forKey: .hmac_secret_env)
        hmacHeader = try c.decodeIfPresent(String.self, forKey: .hmac_header)
        hmacTimestampHeader = try c.decodeIfPresent(String.self, forKey: .hmac_timestamp_header)
        hmacMaxSkew = try c.decodeDuration(.hmac_max_skew)
        signingSecretFile = try c.decodeIfPresent(String.self, forKey: .signing_secret_file)
        signingSecretEnv = try c.decodeIfPresent(String.self, forKey: .signing_secret_env)
        pathTokenFile = try c.decodeIfPresent(String.self, forKey: .path_token_file)
        pathTokenEnv = try c.decodeIfPresent(String.self, forKey: .path_token_env)
        services = try c.decodeIfPresent([String: String].self, forKey: .services)
    }

    func resolved(path: String, defaultHMACHeader: String = HMACConfig.grafanaHeader) throws -> SourceConfig {
        var source = SourceConfig()
        source.enabled = enabled ?? true
        source.bearerToken = try secret(path, "bearer_token", file: bearerTokenFile, env: bearerTokenEnv)
        if let basicAuth {
            guard let password = try secret("\(path).basic_auth", "password", file: basicAuth.passwordFile, env: basicAuth.passwordEnv) else {
                throw ConfigError.invalidValue(path: "\(path).basic_auth", reason: "needs password_file or password_env")
            }
            source.basicAuth = BasicAuthConfig(username: basicAuth.username, password: password)
        }
        if let hmacSecret = try secret(path, "hmac_secret", file: hmacSecretFile, env: hmacSecretEnv) {
            var hmac = HMACConfig(secret: hmacSecret)
            hmac.header = defaultHMACHeader
            if let hmacHeader { hmac.header = hmacHeader }
            if let t = hmacTimestampHeader, !t.isEmpty { hmac.timestampHeader = t }
            if let hmacMaxSkew { hmac.maxSkew = hmacMaxSkew }
            source.hmac = hmac
        } else if hmacHeader != nil || hmacTimestampHeader != nil {
            throw ConfigError.invalidValue(path: "\(path).hmac_header", reason: "set hmac_secret_file or hmac_secret_env too")
        }
        source.signingSecret = try secret(path, "signing_secret", file: signingSecretFile, env: signingSecretEnv)
        source.pathToken = try secret(path, "path_token", file: pathTokenFile, env: pathTokenEnv)
        source.services = services ?? [:]
        return source
    }

    private func secret(_ path: String, _ name: String, file: String?, env: String?) throws -> SecretReference? {
        switch (file, env) {
        case (nil, nil): return nil
        case (let f?, nil): return SecretReference(key: "\(path).\(name)_file", origin: .file(f))
        case (nil, let e?): return SecretReference(key: "\(path).\(name)_env", origin: .environment(e))
        case (_?, _?):
            throw ConfigError.invalidValue(path: "\(path).\(name)_file", reason: "set either \(name)_file or \(name)_env, not both")
        }
    }
}

struct BasicSection: Decodable {
    var username: String
    var passwordFile, passwordEnv: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case username, password_file, password_env }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        username = try c.decode(String.self, forKey: .username)
        passwordFile = try c.decodeIfPresent(String.self, forKey: .password_file)
        passwordEnv = try c.decodeIfPresent(String.self, forKey: .password_env)
    }
}
