import AftermathCore
import Foundation
import Settings
import Testing

/// The file `aftermath init` writes, the embedded default capture, and what `config check` prints.
@Suite("init's configuration, default collectors, effective configuration")
struct ConfigTemplateTests {
    /// The template's text with every commented-out key above the examples uncommented.
    static func uncommented(_ text: String) -> String {
        var out: [String] = []
        var inExamples = false
        let key = try! NSRegularExpression(pattern: "^(\\s*)# (\\s*(?:- )?[a-z_]+:.*|\\s*- \\{.*)$")
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line == ConfigTemplate.examplesMarker { inExamples = true }
            let range = NSRange(line.startIndex..., in: line)
            if !inExamples, let match = key.firstMatch(in: line, range: range),
               let indent = Range(match.range(at: 1), in: line), let rest = Range(match.range(at: 2), in: line) {
                out.append(String(line[indent]) + String(line[rest]))
            } else {
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }

    @Test("Every commented-out key is real and shows its default: uncommented, the file means the same")
    func commentedDefaults() throws {
        var template = ConfigTemplate(directory: "/srv/aftermath team")
        template.credentials[.alertmanager] = .forSource(.alertmanager, secrets: "/srv/aftermath team/secrets")
        template.credentials[.statuspage] = .forSource(.statuspage, secrets: "/srv/aftermath team/secrets")
        let text = template.render()
        let written = try AftermathConfig.parse(yaml: text)
        #expect(written.archiveDirectory == "/srv/aftermath team/archive")
        #expect(written.source(.alertmanager).bearerToken?.origin == .file("/srv/aftermath team/secrets/alertmanager.token"))
        #expect(written.source(.statuspage).pathToken?.origin == .file("/srv/aftermath team/secrets/statuspage.token"))
        #expect(written.configuredCollectors == nil, "no collectors: key, so the embedded defaults run")

        let open = Self.uncommented(text)
        #expect(open != text)
        var everything = try AftermathConfig.parse(yaml: open)
        #expect(everything.configuredCollectors == CollectorConfig.embeddedDefaults(prometheusURL: "x"), "the listed defaults are the embedded ones")
        everything.configuredCollectors = nil
        everything.hosts.removeAll { $0.isLocal }
        everything.sources = everything.sources.filter { $0.value != SourceConfig() }  // `{ enabled: true }` is the default
        #expect(everything == written)
        for key in ["max_body_bytes", "reopen_window", "service_labels", "lookback", "lookahead", "concurrency", "per_host_concurrency",
                    "max_attempts", "lease", "settle", "deadline", "title", "base_url", "org_id", "templates:", "api:", "retention:", "evidence_content",
                    "reminder_after", "reminder_every", "notify:", "url_file"] {
            #expect(text.contains(key), "init's file does not show \(key)")
        }
    }

    @Test("Beyond loopback, unnamed sources are written disabled and the file still parses, with an API token")
    func beyondLoopback() throws {
        var template = ConfigTemplate(directory: "/etc/aftermath")
        template.listen = "0.0.0.0:9099"
        template.disableUnnamedSources = true
        template.apiTokenFile = "/etc/aftermath/secrets/api.token"
        template.credentials[.grafana] = .forSource(.grafana, secrets: "/etc/aftermath/secrets")
        let config = try AftermathConfig.parse(yaml: template.render())
        #expect(!config.server.isLoopback)
        #expect(config.source(.grafana).isAuthenticated)
        #expect(WebhookSource.allCases.filter { $0 != .grafana }.allSatisfy { !config.source($0).enabled })
        #expect(config.api.bearerToken != nil)
    }

    @Test("Without a collectors: key every incident gets host diagnostics and the journal (and the alert expression with prometheus.url); collectors: [] turns them off")
    func defaultCollectors() throws {
        let none = try AftermathConfig.load(path: nil)
        #expect(none.collectors.map(\.name) == ["host-diagnostics", "journal"])
        #expect(none.collectors[0].kind == .command && none.collectors[0].commands == .builtIn && none.collectors[0].host == "local")
        #expect(none.collectors[1].kind == .journald && none.collectors[1].host == "local")
        #expect(none.collectors.allSatisfy { $0.match.isEmpty })
        let withPrometheus = try AftermathConfig.parse(yaml: "prometheus: { url: http://127.0.0.1:9090 }\n")
        #expect(withPrometheus.collectors.map(\.name) == ["host-diagnostics", "journal", "alert-expression"])
        #expect(withPrometheus.collectors[2].kind == .prometheus && withPrometheus.collectors[2].alertExpression)
        #expect(try AftermathConfig.parse(yaml: "collectors: []\n").collectors.isEmpty)
        let own = try AftermathConfig.parse(yaml: "collectors: [{ name: up, kind: command, match: {}, commands: [{ name: up, argv: [uptime] }] }]\n")
        #expect(own.collectors.map(\.name) == ["up"])
    }

    @Test("config check prints where secrets come from, never URL passwords, headers or keywords")
    func effectiveConfigMasks() throws {
        let config = try AftermathConfig.parse(yaml: """
            prometheus: { url: "https://scraper:hunter2@prom.example.com:9090/" }
            sources: { grafana: { basic_auth: { username: g, password_env: GRAFANA_PASS } } }
            redaction: { keywords: [project-falcon] }
            collectors:
              - { name: ci, kind: http, match: {}, url: "https://ci.example.com/x", headers: { Authorization: "Bearer abc123" } }
            """)
        let text = EffectiveConfig.render(config)
        #expect(!text.contains("hunter2") && text.contains("https://scraper:\(EffectiveConfig.mask)@prom.example.com:9090/"))
        #expect(!text.contains("abc123") && !text.contains("project-falcon"))
        #expect(text.contains("password_env: GRAFANA_PASS"))
        let grafana = try #require(EffectiveConfig.sources(config).first { $0.source == .grafana })
        #expect(grafana.route == "POST /hooks/grafana")
        #expect(grafana.authentication == "basic auth as g (from $GRAFANA_PASS)")
        #expect(EffectiveConfig.sources(config).first { $0.source == .opsgenie }?.authentication == "none: accepted on loopback only")
    }
}
