import AftermathCore
import Foundation
import Intake
import Settings
import Testing

@Suite("Change events: GitHub deployment_status and generic changes")
struct ChangePayloadTests {
    static let event: [(name: String, value: String)] = [
        ("X-GitHub-Event", "deployment_status"), ("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"),
    ]

    @Test("A successful deployment_status is one deploy change: repository, ref, creator, environment, status id")
    func success() throws {
        let parsed = try IntakeFixture.parse(.github, body: try IntakeFixture.bytes("github-deployment-status-success.json"), headers: Self.event)
        #expect(parsed.signals.isEmpty)
        #expect(parsed.opaqueReason == nil)
        #expect(parsed.dedupKey == "72d3162e-cc78-11e3-81ab-4c9367dc0958")
        let change = try #require(parsed.changes.first)
        #expect(parsed.changes.count == 1)
        #expect(change.source == "github")
        #expect(change.dedupKey == "deployment_status:1115122")
        #expect(change.service == "public-repo")
        #expect(change.kind == .deploy)
        #expect(change.version == "master")
        #expect(change.actor == "baxterthehacker")
        #expect(change.environment == "production")
        #expect(change.status == "success")
        #expect(change.at == (try IntakeFixture.time("2015-05-05T23:40:39Z")))
        #expect(change.headline == "deploy public-repo master to production by baxterthehacker")
    }

    @Test("A failed deployment is still a change, kept with its state")
    func failure() throws {
        let parsed = try IntakeFixture.parse(.github, body: try IntakeFixture.bytes("github-deployment-status-failure.json"), headers: Self.event)
        let change = try #require(parsed.changes.first)
        #expect(change.status == "failure")
        #expect(change.dedupKey == "deployment_status:1115123")
        #expect(change.headline == "deploy public-repo master (failure) to production by baxterthehacker")
    }

    @Test("payload.service names the service; a rollback task is a rollback; target_url is the link")
    func serviceHintAndRollback() throws {
        var text = try IntakeFixture.edited("github-deployment-status-success.json", "\"payload\": {\n    }", "\"payload\": {\"service\": \"api\"}")
        text = text.replacingOccurrences(of: "\"task\": \"deploy\"", with: "\"task\": \"rollback\"")
        text = text.replacingOccurrences(of: "\"target_url\": null", with: "\"target_url\": \"https://ci.example/runs/7\"")
        let change = try #require(try IntakeFixture.parse(.github, body: Array(text.utf8), headers: Self.event).changes.first)
        #expect(change.service == "api")
        #expect(change.kind == .rollback)
        #expect(change.link == "https://ci.example/runs/7")
    }

    @Test("pending, in_progress, error and inactive states record nothing; ping is accepted; other events are opaque")
    func nonChanges() throws {
        for state in ["pending", "in_progress", "queued", "error", "inactive"] {
            let text = try IntakeFixture.edited("github-deployment-status-success.json", "\"state\": \"success\"", "\"state\": \"\(state)\"")
            let parsed = try IntakeFixture.parse(.github, body: Array(text.utf8), headers: Self.event)
            #expect(parsed.changes.isEmpty, "\(state)")
            #expect(parsed.opaqueReason == nil, "\(state)")
        }
        let ping = try IntakeFixture.parse(
            .github, body: Array(#"{"zen":"Keep it logically awesome.","hook_id":1}"#.utf8),
            headers: [("X-GitHub-Event", "ping"), ("X-GitHub-Delivery", "p-1")])
        #expect(ping.changes.isEmpty && ping.signals.isEmpty && ping.opaqueReason == nil)
        let push = try IntakeFixture.parse(.github, body: Array(#"{"ref":"refs/heads/main"}"#.utf8), headers: [("X-GitHub-Event", "push")])
        #expect(push.changes.isEmpty)
        #expect(push.opaqueReason?.contains("'push' is not recorded") == true)
        #expect(IntakeFixture.isSHA256Hex(push.dedupKey))
    }

    @Test("A deployment_status without its deployment is a precise payload error")
    func malformed() {
        // Without the event header the body is not read as a deployment status: opaque, not an error.
        let unnamed = try? IntakeFixture.parse(.github, body: Array(#"{"deployment_status":{"id":1,"state":"success"}}"#.utf8))
        #expect(unnamed?.opaqueReason?.contains("no X-GitHub-Event header") == true)
        #expect(IntakeFixture.error(.github, body: Array("[1,2]".utf8))?.path == "$")
        do {
            _ = try IntakeFixture.parse(.github, body: Array(#"{"deployment_status":{"id":1,"state":"success"}}"#.utf8), headers: Self.event)
            Issue.record("parsed a deployment_status without its deployment")
        } catch {
            #expect(error.path == "deployment")
        }
    }

    @Test("Generic \"kind\": \"change\" records a change, not an alert")
    func genericChange() throws {
        let body = #"{"kind":"change","service":"api","change":"config","version":"v1.2.3","actor":"alice","time":"2026-11-27T11:30:00Z","link":"https://ci.example/1","event_id":"cfg-1"}"#
        let parsed = try IntakeFixture.parse(.generic, text: body)
        #expect(parsed.signals.isEmpty)
        #expect(parsed.dedupKey == "cfg-1")
        let change = try #require(parsed.changes.first)
        #expect(change.source == "generic")
        #expect(change.service == "api")
        #expect(change.kind == .config)
        #expect(change.version == "v1.2.3")
        #expect(change.actor == "alice")
        #expect(change.link == "https://ci.example/1")
        #expect(change.at == (try IntakeFixture.time("2026-11-27T11:30:00Z")))

        let deploy = try #require(try IntakeFixture.parse(.generic, text: #"{"kind":"change","service":"api","version":"v2"}"#).changes.first)
        #expect(deploy.kind == .deploy)
        #expect(IntakeFixture.error(.generic, text: #"{"kind":"change","version":"v2"}"#)?.path == "service")
        #expect(IntakeFixture.error(.generic, text: #"{"kind":"change","service":"api","change":"reboot"}"#)?.path == "change")
    }

    @Test("Argo CD: a Succeeded sync is a deploy of target revision and commit, by its initiator, into its namespace")
    func argoCD() throws {
        let parsed = try IntakeFixture.parse(.argocd, body: try IntakeFixture.bytes("argocd-sync-succeeded.json"))
        #expect(parsed.signals.isEmpty)
        let change = try #require(parsed.changes.first)
        #expect(change.source == "argocd")
        #expect(change.service == "guestbook")
        #expect(change.kind == .deploy)
        #expect(change.version == "v1.2.3 (4773b9f)")
        #expect(change.actor == "alice")
        #expect(change.environment == "production")
        #expect(change.status == "success")
        #expect(change.link == "https://argocd.example.com/applications/guestbook")
        #expect(change.at == (try IntakeFixture.time("2026-11-27T11:32:14Z")))

        let failed = try IntakeFixture.edited("argocd-sync-succeeded.json", "\"phase\":\"Succeeded\"", "\"phase\":\"Failed\"")
            .replacingOccurrences(of: "\"initiated_by\":\"alice\",\"automated\":\"false\"", with: "\"initiated_by\":\"<no value>\",\"automated\":\"true\"")
            .replacingOccurrences(of: "\"target_revision\":\"v1.2.3\"", with: "\"target_revision\":\"HEAD\"")
        let failure = try #require(try IntakeFixture.parse(.argocd, text: failed).changes.first)
        #expect(failure.status == "failure")
        #expect(failure.actor == "argocd (automated)")
        #expect(failure.version == "4773b9f1f8a6e5b8c5f7e3a1d2c4b6a8f0e1d3c5")
        #expect(failure.dedupKey != change.dedupKey)

        let running = try IntakeFixture.edited("argocd-sync-succeeded.json", "\"phase\":\"Succeeded\"", "\"phase\":\"Running\"")
        #expect(try IntakeFixture.parse(.argocd, text: running).changes.isEmpty)
        #expect(IntakeFixture.error(.argocd, text: #"{"phase":"Succeeded"}"#)?.path == "app")
    }

    @Test("Marked relative to the first symptom")
    func relative() {
        let t = Date(timeIntervalSince1970: 1_795_000_000)
        #expect(ChangeEvent.relativeToFirstSymptom(t - 720, t) == "12 min before the first symptom")
        #expect(ChangeEvent.relativeToFirstSymptom(t + 40, t) == "40 s after the first symptom")
        #expect(ChangeEvent.relativeToFirstSymptom(t, t) == "at the first symptom")
        #expect(ChangeEvent.relativeToFirstSymptom(t - 7500, t) == "2h5m before the first symptom")
    }

    @Test("sources.github signs in X-Hub-Signature-256 by default; init writes a generated secret for it")
    func configuration() throws {
        let config = try IntakeFixture.sourceConfig(.github, "    hmac_secret_env: GH\n")
        #expect(config.hmac?.header == "X-Hub-Signature-256")
        #expect(try IntakeFixture.sourceConfig(.grafana, "    hmac_secret_env: G\n").hmac?.header == "X-Grafana-Alerting-Signature")
        let credential = ConfigTemplate.Credential.forSource(.github, secrets: "/s")
        #expect(credential == .hmacSecretFile("/s/github.secret"))
        #expect(credential.generated)
    }
}
