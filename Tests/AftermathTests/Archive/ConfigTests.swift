import AftermathCore
import Foundation
import Settings
import Testing

@Suite("Configuration")
struct ConfigTests {
    @Test("No file: every default")
    func defaults() throws {
        let config = try AftermathConfig.load(path: nil)
        #expect(config.server.host == "127.0.0.1")
        #expect(config.server.port == 9099)
        #expect(config.server.maxBodyBytes == 16 << 20)
        #expect(config.archiveDirectory == "./archive")
        #expect(config.intake.reopenWindow == 600)
        #expect(config.server.isLoopback)
    }

    @Test("Every documented key parses")
    func fullFile() throws {
        let config = try AftermathConfig.parse(yaml: """
            server: { listen: "0.0.0.0:8080", max_body_bytes: 1048576 }
            archive: /var/lib/aftermath
            site: /srv/site
            intake: { reopen_window: 1h30m, service_labels: [app] }
            sources:
              alertmanager: { bearer_token_env: AM_TOKEN }
              grafana:
                basic_auth: { username: g, password_file: /run/g.pass }
                hmac_secret_file: /run/g.hmac
                hmac_header: X-Grafana-Alert-Signature
                hmac_timestamp_header: X-Grafana-Alerting-Timestamp
                hmac_max_skew: 2m
              pagerduty: { signing_secret_file: /run/pd }
              statuspage: { path_token_file: /run/sp, services: { "Database component": database } }
              generic: { enabled: false }
            """)
        #expect(config.server.host == "0.0.0.0" && config.server.port == 8080 && !config.server.isLoopback)
        #expect(config.intake.reopenWindow == 5400)
        #expect(config.intake.serviceLabels == ["app"])
        #expect(config.source(.alertmanager).bearerToken == SecretReference(key: "sources.alertmanager.bearer_token_env", origin: .environment("AM_TOKEN")))
        let grafana = config.source(.grafana)
        #expect(grafana.basicAuth?.username == "g")
        #expect(grafana.hmac?.header == "X-Grafana-Alert-Signature")
        #expect(grafana.hmac?.timestampHeader == "X-Grafana-Alerting-Timestamp")
        #expect(grafana.hmac?.maxSkew == 120)
        #expect(config.source(.statuspage).services == ["Database component": "database"])
        #expect(config.source(.generic).enabled == false)
        #expect(config.source(.opsgenie).isAuthenticated == false)
    }

    @Test("Errors name the key", arguments: [
        ("server: { listne: x }", "server.listne"),
        ("sources: { nagios: {} }", "sources.nagios"),
        ("intake: { reopen_window: soon }", "intake.reopen_window"),
        ("server: { listen: nowhere }", "server.listen"),
        ("sources: { alertmanager: { bearer_token_file: /a, bearer_token_env: B } }", "bearer_token_file"),
    ])
    func errors(yaml: String, key: String) {
        #expect {
            _ = try AftermathConfig.parse(yaml: yaml)
        } throws: { error in
            "\(error)".contains(key)
        }
    }

    @Test("A NUL in any value or key, in each YAML spelling, is refused naming the key", arguments: [
        (#"collectors: [{ name: c, kind: command, match: {}, host: local, commands: [{ name: n, argv: [echo, "a\0b"] }] }]"#,
         "configuration key 'collectors[0].commands[0].argv[1]': holds a NUL character (\\0); remove it"),
        (#"collectors: [{ name: "c\x00md", kind: command, match: {}, host: local, commands: [{ name: n, argv: [echo] }] }]"#,
         "configuration key 'collectors[0].name': holds a NUL character (\\0); remove it"),
        (#"redaction: { keywords: ["se\u0000cret"] }"#, "configuration key 'redaction.keywords[0]': holds a NUL character (\\0); remove it"),
        (#"intake: { "service\0": x }"#, "configuration key 'intake.service\u{FFFD}': the key holds a NUL character (\\0); remove it"),
    ])
    func nul(yaml: String, message: String) {
        #expect {
            _ = try AftermathConfig.parse(yaml: yaml)
        } throws: { error in
            "\(error)" == message
        }
    }

    @Test("statuspage and notify: defaults, every key, and each mistake named by its key")
    func statuspageAndNotify() throws {
        let defaults = try AftermathConfig.load(path: nil)
        #expect(defaults.statuspage == StatusPageConfig(reminderAfter: 900, reminderEvery: 3600))
        #expect(defaults.notify.isEmpty)
        let config = try AftermathConfig.parse(yaml: """
            statuspage: { reminder_after: 5m, reminder_every: 30m }
            notify:
              - { name: oncall-slack, url_file: /run/slack.url }
              - name: bot
                format: json
                url: https://bot.example.com/hook
                bearer_token_env: BOT_TOKEN
                events: [statuspage_reminder, postmortem_overdue]
                timeout: 3s
                max_attempts: 4
                retry_after: 10s
            """)
        #expect(config.statuspage == StatusPageConfig(reminderAfter: 300, reminderEvery: 1800))
        #expect(config.notify.map(\.name) == ["oncall-slack", "bot"])
        let slack = config.notify[0]
        #expect(slack.format == .slack)
        #expect(slack.destination == .secret(SecretReference(key: "notify[0].url_file", origin: .file("/run/slack.url"))))
        #expect(slack.events == NotificationEvent.allCases)
        #expect(slack.timeout == 10 && slack.maxAttempts == 8 && slack.retryAfter == 30)
        let bot = config.notify[1]
        #expect(bot.destination == .inline("https://bot.example.com/hook"))
        #expect(bot.bearerToken == SecretReference(key: "notify[1].bearer_token_env", origin: .environment("BOT_TOKEN")))
        #expect(bot.events == [.statuspageReminder, .postmortemOverdue])
        #expect(bot.timeout == 3 && bot.maxAttempts == 4 && bot.retryAfter == 10)
        #expect([1, 2, 3, 4, 9, 12].map(bot.pause(afterAttempt:)) == [10, 20, 40, 80, 2560, 3600], "doubling, at most an hour")

        let mistakes: [(String, String)] = [
            ("statuspage: { reminder_afer: 5m }", "'statuspage.reminder_afer' is not known"),
            ("statuspage: { reminder_every: 0 }", "'statuspage.reminder_every': must be longer than 0"),
            ("statuspage: { reminder_after: soon }", "'statuspage.reminder_after'"),
            ("notify: [{ url_file: /u }]", "'notify[0].name': every notify target needs a name"),
            ("notify: [{ name: a }]", "'notify[0].url_file': set url_file"),
            ("notify: [{ name: a, url: 'https://hooks.slack.com/services/T/B/X' }]", "'notify[0].url': a chat webhook URL is a secret"),
            ("notify: [{ name: a, format: json, url: 'ftp://x' }]", "'notify[0].url': 'ftp://x' is not an http or https URL"),
            ("notify: [{ name: a, url: 'https://x', url_file: /u }]", "'notify[0].url': set either url or url_file/url_env, not both"),
            ("notify: [{ name: a, url_file: /u, format: teams }]", "'notify[0].format': 'teams' is not one of slack, json"),
            ("notify: [{ name: a, url_file: /u, events: [paged] }]", "'notify[0].events[0]': 'paged' is not one of postmortem_ready, postmortem_overdue, statuspage_reminder"),
            ("notify: [{ name: a, url_file: /u, max_attempts: 0 }]", "'notify[0].max_attempts': must be between 1 and 100"),
            ("notify: [{ name: a, url_file: /u }, { name: a, url_file: /v }]", "'notify[1].name': 'a' is listed twice"),
            ("notify: [{ name: a, url_file: /u, secret: x }]", "'notify[0].secret' is not known"),
        ]
        for (yaml, message) in mistakes {
            #expect(throws: ConfigError.self, "\(yaml)") { try AftermathConfig.parse(yaml: yaml) }
            do {
                _ = try AftermathConfig.parse(yaml: yaml)
            } catch {
                #expect("\(error)".contains(message), "\(yaml) → \(error)")
            }
        }
    }

    @Test("Secrets: files lose their trailing newline; empty or missing secrets are errors")
    func secrets() throws {
        let dir = try TemporaryDirectory()
        let file = try dir.write("s", "abc\n")
        #expect(try SecretReference(key: "k", origin: .file(file)).resolve(environment: [:]) == "abc")
        #expect(try SecretReference(key: "k", origin: .environment("E")).resolve(environment: ["E": "x"]) == "x")
        let empty = try dir.write("e", "\n")
        #expect(throws: ConfigError.self) { try SecretReference(key: "k", origin: .file(empty)).resolve(environment: [:]) }
        #expect(throws: ConfigError.self) { try SecretReference(key: "k", origin: .environment("NOPE")).resolve(environment: [:]) }
    }

    @Test("Durations and timestamps")
    func textFormats() throws {
        #expect(try DurationText.parse("1h30m") == 5400)
        #expect(try DurationText.parse("500ms") == 0.5)
        #expect(DurationText.format(5400) == "1h30m")
        #expect(try Timestamp.parse("0001-01-01T00:00:00Z") == nil)
        let nanos = try #require(try Timestamp.parse("2020-02-06T00:17:58.432911368Z"))
        #expect(abs(nanos.timeIntervalSince1970 - 1_580_948_278.432911368) < 1e-6)
        #expect(try Timestamp.parse("2026-11-27T12:42:14+01:00") == Timestamp.parse("2026-11-27T11:42:14Z"))
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_000_000.25)) == "2026-11-18T11:06:40.250Z")
        #expect(throws: Timestamp.ParseError.self) { try Timestamp.parse("2026-11-27T11:42:14.1234567890Z") }
        #expect(throws: Timestamp.ParseError.self) { try Timestamp.parse("yesterday") }
    }
}
