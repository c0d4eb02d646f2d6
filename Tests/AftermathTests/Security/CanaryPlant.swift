import AftermathCore
import Foundation

/// Distinct secrets ("canaries") to plant, each an alphanumeric token (so full-text indexes keep
/// it whole and a byte search finds it in any letter case), wrapped in one of the forms the
/// built-in rules recognise, in rotation: key=value, URL credentials, headers, Go-escaped XML,
/// percent-encoded, token formats, values glued to punctuation, PEM blocks, command lines.
final class CanaryPlant: @unchecked Sendable {
    private(set) var planted: [(canary: String, place: String)] = []
    private var wrapper = 0
    private var random = RedactionRandom(seed: 1010)

    /// A fresh canary for `place`, planted bare (for a field whose name says it is a secret).
    func bare(_ place: String) -> String {
        let canary = "Kq" + String(place.filter { $0.isLetter || $0.isNumber }.prefix(10)) + random.alphanumeric(8)
        planted.append((canary, place))
        return canary
    }

    /// A fresh canary for `place` in the next secret-shaped form (`singleLine`: not a PEM block,
    /// for a header value).
    func wrapped(_ place: String, singleLine: Bool = false) -> String {
        let canary = bare(place)
        defer { wrapper += 1 }
        if singleLine, wrapper % 13 == 8 { wrapper += 1 }
        switch wrapper % 13 {
        case 0: return "password=\(canary)"
        case 1: return "https://svc:\(canary)@db.internal:5432/app"
        case 2: return "Authorization: Bearer \(canary)"
        case 3: return "<password>\(canary)</password>"
        case 4: return "token%3D\(canary)%26next%3D1"
        case 5: return "gh" + "p_" + (canary + String(repeating: "Z", count: 36)).prefix(36)
        case 6: return "DB_PASSWORD=Xy7;kL(\(canary) done"
        case 7: return "api_key: \"\(canary)\""
        case 8: return "-----BEGIN PRIVATE KEY-----\n\(canary)\n-----END PRIVATE KEY-----"
        case 9: return "curl -u deploy:\(canary) https://ci.internal/x"
        case 10: return "mysqldump -h db -uroot -p\(canary) --all-databases"
        case 11: return "https://cb.internal/done?code=1&secret=\(canary)&state=2"
        default: return "Cookie: session=\(canary); theme=dark"
        }
    }

    var canaries: [String] { planted.map(\.canary) }
}

/// JSON written as the senders write it: Go's encoder (`\u003c`, `\u003e`, `\u0026`) for
/// Alertmanager and Grafana, plain for the others. Keys in a fixed order.
enum SenderJSON {
    enum Value {
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
        case array([Value])
        case object([(String, Value)])
    }

    static func encode(_ value: Value, goEscaping: Bool) -> String {
        switch value {
        case .string(let text): return "\"" + escape(text, goEscaping: goEscaping) + "\""
        case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map { encode($0, goEscaping: goEscaping) }.joined(separator: ",") + "]"
        case .object(let pairs):
            return "{" + pairs.map { "\"" + escape($0.0, goEscaping: goEscaping) + "\":" + encode($0.1, goEscaping: goEscaping) }.joined(separator: ",") + "}"
        }
    }

    static func escape(_ text: String, goEscaping: Bool) -> String {
        TextEncoding.jsonBody(text, htmlSafe: goEscaping)
    }
}

/// One webhook per source with a canary in every free-text field (enumerations, times and
/// numbers keep valid values, or the delivery would be quarantined instead of applied), and a
/// plain control word that must be found, so the search is known to see stored data.
enum CanaryWebhooks {
    typealias V = SenderJSON.Value

    struct Webhook {
        var source: WebhookSource
        var body: [UInt8]
        var headers: [(String, String)]
        /// A word stored in the clear (a title), which the search must find.
        var control: String
    }

    static func all(_ plant: CanaryPlant, now: Date) -> [Webhook] {
        let iso = Timestamp.format(now)
        let millis = Double(Int64(now.timeIntervalSince1970 * 1000))
        func w(_ place: String) -> V { .string(plant.wrapped(place)) }
        func headers(_ source: String) -> [(String, String)] {
            [("X-Request-Note", plant.wrapped("\(source) header", singleLine: true)), ("Authorization", "Bearer " + plant.bare("\(source) authorization")),
             ("Cookie", "sid=" + plant.bare("\(source) cookie")), ("X-Api-Token", plant.bare("\(source) x-api-token"))]
        }
        func alertGroup(_ source: String, version: String, control: String, grafana: Bool) -> V {
            var alert: [(String, V)] = [
                ("status", .string("firing")),
                ("labels", .object([("alertname", .string(control)), ("instance", w("\(source) label instance")), ("service", w("\(source) label service")),
                                    ("job", w("\(source) label job")), ("db_password", .string(plant.bare("\(source) label db_password")))])),
                ("annotations", .object([("summary", w("\(source) annotation summary")), ("description", w("\(source) annotation description")),
                                         ("runbook_url", w("\(source) annotation runbook"))])),
                ("startsAt", .string(iso)), ("endsAt", .string("0001-01-01T00:00:00Z")),
                ("generatorURL", .string("http://prometheus.internal:9090/graph?g0.expr=up&g0.tab=1&token=" + plant.bare("\(source) generatorURL"))),
                ("fingerprint", w("\(source) fingerprint")),
            ]
            if grafana {
                alert += [("silenceURL", w("grafana silenceURL")), ("dashboardURL", w("grafana dashboardURL")), ("panelURL", w("grafana panelURL")),
                          ("valueString", w("grafana valueString"))]
            }
            var group: [(String, V)] = [
                ("receiver", w("\(source) receiver")), ("status", .string("firing")), ("alerts", .array([.object(alert)])),
                ("groupLabels", .object([("alertname", .string(control)), ("instance", w("\(source) groupLabels"))])),
                ("commonLabels", .object([("alertname", .string(control)), ("env", w("\(source) commonLabels"))])),
                ("commonAnnotations", .object([("note", w("\(source) commonAnnotations"))])),
                ("externalURL", .string("https://am:" + plant.bare("\(source) externalURL") + "@alertmanager.internal:9093")),
                ("version", .string(version)),
                ("groupKey", .string("{}:{instance=\"" + plant.wrapped("\(source) groupKey") + "\"}")),
                ("truncatedAlerts", .number(0)),
            ]
            if grafana {
                group += [("orgId", .number(1)), ("title", w("grafana title")), ("state", .string("alerting")), ("message", w("grafana message"))]
            }
            return .object(group)
        }

        var hooks: [Webhook] = []
        hooks.append(Webhook(source: .alertmanager, body: Array(SenderJSON.encode(alertGroup("alertmanager", version: "4", control: "VisibleCtrlAlertmanager", grafana: false), goEscaping: true).utf8),
                             headers: headers("alertmanager"), control: "VisibleCtrlAlertmanager"))
        hooks.append(Webhook(source: .grafana, body: Array(SenderJSON.encode(alertGroup("grafana", version: "1", control: "VisibleCtrlGrafana", grafana: true), goEscaping: true).utf8),
                             headers: headers("grafana"), control: "VisibleCtrlGrafana"))

        let reference: (String) -> V = { owner in
            .object([("id", w("\(owner) id")), ("type", .string("user_reference")), ("summary", w("\(owner) summary")), ("html_url", w("\(owner) html_url"))])
        }
        let pagerduty: V = .object([("event", .object([
            ("id", w("pagerduty event.id")), ("event_type", .string("incident.triggered")), ("resource_type", .string("incident")),
            ("occurred_at", .string(iso)), ("agent", reference("pagerduty agent")),
            ("data", .object([
                ("id", w("pagerduty data.id")), ("type", .string("incident")), ("html_url", w("pagerduty data.html_url")),
                ("number", .number(42)), ("status", .string("triggered")), ("title", .string("VisibleCtrlPagerDuty " + plant.wrapped("pagerduty title"))),
                ("incident_key", w("pagerduty incident_key")), ("created_at", .string(iso)), ("urgency", .string("high")),
                ("service", reference("pagerduty service")), ("priority", reference("pagerduty priority")),
                ("assignees", .array([reference("pagerduty assignee")])),
            ])),
        ]))])
        hooks.append(Webhook(source: .pagerduty, body: Array(SenderJSON.encode(pagerduty, goEscaping: false).utf8), headers: headers("pagerduty"), control: "VisibleCtrlPagerDuty"))

        let opsgenie: V = .object([
            ("action", .string("Create")),
            ("alert", .object([
                ("alertId", w("opsgenie alertId")), ("message", .string("VisibleCtrlOpsgenie " + plant.wrapped("opsgenie message"))),
                ("tags", .array([w("opsgenie tag 1"), w("opsgenie tag 2")])), ("tinyId", .string("7")), ("entity", w("opsgenie entity")),
                ("alias", w("opsgenie alias")), ("createdAt", .number(millis)), ("updatedAt", .number(millis * 1_000_000)),
                ("username", w("opsgenie username")), ("priority", .string("P1")), ("note", w("opsgenie note")),
                ("details", .object([("runbook", w("opsgenie details runbook")), ("password", .string(plant.bare("opsgenie details password")))])),
                ("owner", w("opsgenie owner")), ("recipient", w("opsgenie recipient")), ("team", w("opsgenie team")),
                ("source", w("opsgenie alert.source")), ("description", w("opsgenie description")),
            ])),
            ("source", .object([("name", w("opsgenie source.name")), ("type", .string("API"))])),
            ("escalationName", w("opsgenie escalationName")), ("integrationName", w("opsgenie integrationName")),
        ])
        hooks.append(Webhook(source: .opsgenie, body: Array(SenderJSON.encode(opsgenie, goEscaping: false).utf8), headers: headers("opsgenie"), control: "VisibleCtrlOpsgenie"))

        let victorops: V = .object([
            ("source", .string("splunk-oncall")), ("incident_number", w("victorops incident_number")), ("alert_phase", .string("UNACKED")),
            ("incident_phase", .string("UNACKED")), ("entity_id", w("victorops entity_id")),
            ("entity_display_name", .string("VisibleCtrlVictorOps " + plant.wrapped("victorops entity_display_name"))), ("message_type", .string("CRITICAL")),
            ("state_message", w("victorops state_message")), ("monitoring_tool", w("victorops monitoring_tool")), ("alert_uuid", w("victorops alert_uuid")),
            ("ack_user", w("victorops ack_user")), ("ack_msg", w("victorops ack_msg")), ("current_state", .string("CRITICAL")),
            ("incident_timestamp", .string(String(Int64(millis)))), ("last_timestamp", .string(String(Int64(millis)))), ("alert_count", .string("1")),
            ("host", w("victorops host")), ("service", w("victorops service")),
        ])
        hooks.append(Webhook(source: .victorops, body: Array(SenderJSON.encode(victorops, goEscaping: false).utf8), headers: headers("victorops"), control: "VisibleCtrlVictorOps"))

        let component: (String) -> V = { owner in .object([("id", w("\(owner) id")), ("name", w("\(owner) name")), ("status", .string("major_outage"))]) }
        let statuspage: V = .object([
            ("meta", .object([("unsubscribe", w("statuspage meta.unsubscribe")), ("documentation", w("statuspage meta.documentation")), ("generated_at", .string(iso))])),
            ("page", .object([("id", w("statuspage page.id")), ("status_indicator", .string("major")), ("status_description", w("statuspage page.status_description"))])),
            ("incident", .object([
                ("id", w("statuspage incident.id")), ("name", .string("VisibleCtrlStatuspage " + plant.wrapped("statuspage incident.name"))),
                ("status", .string("investigating")), ("impact", .string("major")), ("shortlink", w("statuspage shortlink")), ("created_at", .string(iso)),
                ("updated_at", .string(iso)),
                ("incident_updates", .array([.object([
                    ("id", w("statuspage update.id")), ("status", .string("investigating")), ("body", w("statuspage update.body")), ("created_at", .string(iso)),
                    ("affected_components", .array([.object([("code", w("statuspage affected.code")), ("name", w("statuspage affected.name")),
                                                             ("old_status", .string("operational")), ("new_status", .string("major_outage"))])])),
                ])])),
                ("components", .array([component("statuspage component")])),
            ])),
        ])
        hooks.append(Webhook(source: .statuspage, body: Array(SenderJSON.encode(statuspage, goEscaping: false).utf8), headers: headers("statuspage"), control: "VisibleCtrlStatuspage"))

        let healthchecks: V = .object([
            ("source", .string("healthchecks")), ("status", .string("down")), ("now", .string(iso)), ("code", w("healthchecks code")),
            ("name", .string("VisibleCtrlHealthchecks " + plant.wrapped("healthchecks name"))), ("slug", w("healthchecks slug")),
            ("tags", w("healthchecks tags")), ("exitstatus", .string("1")),
            ("check", .object([("name", w("healthchecks check.name")), ("tags", w("healthchecks check.tags")), ("desc", w("healthchecks check.desc")),
                               ("ping_url", w("healthchecks check.ping_url")), ("update_url", w("healthchecks check.update_url")), ("status", .string("down"))])),
        ])
        hooks.append(Webhook(source: .healthchecks, body: Array(SenderJSON.encode(healthchecks, goEscaping: false).utf8), headers: headers("healthchecks"), control: "VisibleCtrlHealthchecks"))

        let generic: V = .object([
            ("key", w("generic key")), ("status", .string("firing")), ("title", .string("VisibleCtrlGeneric " + plant.wrapped("generic title"))),
            ("severity", .string("critical")), ("service", w("generic service")), ("services", .array([w("generic services")])),
            ("labels", .object([("region", w("generic label region")), ("secret_token", .string(plant.bare("generic label secret_token")))])),
            ("time", .string(iso)), ("text", w("generic text")), ("actor", w("generic actor")), ("link", w("generic link")), ("event_id", w("generic event_id")),
        ])
        hooks.append(Webhook(source: .generic, body: Array(SenderJSON.encode(generic, goEscaping: false).utf8), headers: headers("generic"), control: "VisibleCtrlGeneric"))
        return hooks
    }

    /// Change events (no incident): an Argo CD notification and a generic `"kind": "change"`, a
    /// secret in every text field the change record keeps. Each service's time line page shows
    /// the control word, which rides in the version.
    static func changes(_ plant: CanaryPlant, now: Date) -> [Webhook] {
        let iso = Timestamp.format(now.addingTimeInterval(-120))
        func w(_ place: String) -> V { .string(plant.wrapped(place, singleLine: true)) }
        let argocd: V = .object([
            ("source", .string("argocd")), ("app", .string("canary-argo")), ("project", w("argocd project")),
            ("revision", .string("4773b9f1f8a6e5b8c5f7e3a1d2c4b6a8f0e1d3c5")),
            ("target_revision", .string("VisibleCtrlArgoChange " + plant.wrapped("argocd target_revision", singleLine: true))),
            ("phase", .string("Succeeded")), ("started_at", .string(iso)), ("finished_at", .string(iso)),
            ("initiated_by", w("argocd initiated_by")), ("automated", .string("false")), ("namespace", w("argocd namespace")),
            ("repo", w("argocd repo")), ("link", w("argocd link")),
        ])
        let generic: V = .object([
            ("kind", .string("change")), ("change", .string("config")), ("service", .string("canary-generic")),
            ("version", .string("VisibleCtrlGenericChange " + plant.wrapped("generic change version", singleLine: true))),
            ("actor", w("generic change actor")), ("link", w("generic change link")), ("environment", w("generic change environment")),
            ("status", .string("success")), ("time", .string(iso)),
        ])
        return [
            Webhook(source: .argocd, body: Array(SenderJSON.encode(argocd, goEscaping: false).utf8), headers: [], control: "VisibleCtrlArgoChange"),
            Webhook(source: .generic, body: Array(SenderJSON.encode(generic, goEscaping: false).utf8), headers: [], control: "VisibleCtrlGenericChange"),
        ]
    }
}
