import AftermathCore
import Foundation
@testable import Intake
import Settings
import Testing

/// `signature-test-vectors.json`, as copied from the shared research fixtures.
struct IntakeSignatureVectors: Decodable {
    struct PagerDuty: Decodable {
        var secret, body, valid_header_value, valid_header_value_with_rotation, invalid_header_value: String
    }
    struct GitHub: Decodable {
        var header, secret, body, valid_header_value: String
    }
    struct Grafana: Decodable {
        var secret, body, valid_header_value: String
        var timestamp: String?
    }
    struct SplunkOnCall: Decodable {
        var auth_code, webhook_url, valid_header_value: String
        var form_fields: [String: String]
    }

    var pagerduty_v3: PagerDuty
    var github: GitHub
    var grafana_no_timestamp: Grafana
    var grafana_with_timestamp: Grafana
    var splunk_oncall_escalation_webhook: SplunkOnCall

    static func load() throws -> IntakeSignatureVectors {
        try JSONDecoder().decode(IntakeSignatureVectors.self, from: Data(try IntakeFixture.bytes("signature-test-vectors.json")))
    }
}

@Suite("Intake: signature test vectors")
struct IntakeSignatureVectorTests {
    static let epoch = Date(timeIntervalSince1970: 0)

    func pagerDuty() throws -> (SourceAuthenticator, IntakeSignatureVectors.PagerDuty) {
        let vectors = try IntakeSignatureVectors.load().pagerduty_v3
        let config = try IntakeFixture.sourceConfig(.pagerduty, "    signing_secret_env: PD_SECRET\n")
        return (try SourceAuthenticator(config: config, environment: ["PD_SECRET": vectors.secret]), vectors)
    }

    func pagerDutyRequest(_ body: String, signature: String?) -> WebhookRequest {
        IntakeFixture.request(.pagerduty, body: Array(body.utf8), headers: signature.map { [("X-PagerDuty-Signature", $0)] } ?? [])
    }

    @Test("PagerDuty: the go-pagerduty vector verifies; its invalid signature does not")
    func pagerDutyVector() throws {
        let (auth, v) = try pagerDuty()
        #expect(!auth.isOpen)
        #expect(auth.authenticate(pagerDutyRequest(v.body, signature: v.valid_header_value), now: Self.epoch) == .accepted)
        #expect(auth.authenticate(pagerDutyRequest(v.body, signature: v.invalid_header_value), now: Self.epoch)
                == .rejected("no X-PagerDuty-Signature entry matches the body (1 checked)"))
    }

    @Test("PagerDuty: during secret rotation one matching entry of several is enough")
    func pagerDutyRotation() throws {
        let (auth, v) = try pagerDuty()
        #expect(auth.authenticate(pagerDutyRequest(v.body, signature: v.valid_header_value_with_rotation), now: Self.epoch) == .accepted)
        let reversed = v.valid_header_value_with_rotation.split(separator: ",").reversed().joined(separator: ", ")
        #expect(auth.authenticate(pagerDutyRequest(v.body, signature: reversed), now: Self.epoch) == .accepted)
        let withFutureScheme = "v2=abcdef," + v.valid_header_value
        #expect(auth.authenticate(pagerDutyRequest(v.body, signature: withFutureScheme), now: Self.epoch) == .accepted)
    }

    @Test("PagerDuty: flipping any single byte of the body breaks the signature")
    func pagerDutyTamperedBody() throws {
        let (auth, v) = try pagerDuty()
        let body = Array(v.body.utf8)
        for position in stride(from: 0, to: body.count, by: max(1, body.count / 200)) {
            var tampered = body
            tampered[position] ^= 0x01
            let request = IntakeFixture.request(.pagerduty, body: tampered, headers: [("X-PagerDuty-Signature", v.valid_header_value)])
            guard case .rejected = auth.authenticate(request, now: Self.epoch) else {
                Issue.record("a body with byte \(position) flipped was accepted")
                continue
            }
        }
    }

    @Test("PagerDuty: a missing header is `missing`")
    func pagerDutyMissing() throws {
        let (auth, v) = try pagerDuty()
        #expect(auth.authenticate(pagerDutyRequest(v.body, signature: nil), now: Self.epoch) == .missing("no X-PagerDuty-Signature header"))
    }

    @Test("PagerDuty: malformed signature headers (empty, no hex, short or long digests) are rejected", arguments: [
        "", " ", ",", "v1=", "v1=" + String(repeating: "g", count: 64),
        "v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476c",
        "v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd0",
        "v0=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd",
        "sha256=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd",
        "0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd",
        "V1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd",
        "v1=" + String(repeating: "a", count: 8192),
        String(repeating: "v1=0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476cd,", count: 128),
        "v1=\u{0}0c0b9495b893a39e70d1fea2fe11fbe0a825f88b9f67846f6cc07dd2bc5476c",
    ])
    func pagerDutyMalformed(header: String) throws {
        let (auth, v) = try pagerDuty()
        let result = auth.authenticate(pagerDutyRequest(v.body, signature: header), now: Self.epoch)
        guard case .rejected(let reason) = result else {
            Issue.record("expected rejected, got \(result)")
            return
        }
        #expect(!reason.contains(v.secret))
        #expect(reason.utf8.count < 200)
    }

    @Test("GitHub's documented vector verifies through an HMAC source with a `sha256=` prefix")
    func gitHubVector() throws {
        let v = try IntakeSignatureVectors.load().github
        let config = try IntakeFixture.sourceConfig(.generic, "    hmac_secret_env: GH_SECRET\n    hmac_header: \(v.header)\n")
        let auth = try SourceAuthenticator(config: config, environment: ["GH_SECRET": v.secret])
        let good = IntakeFixture.request(.generic, body: Array(v.body.utf8), headers: [(v.header.lowercased(), v.valid_header_value)])
        #expect(auth.authenticate(good, now: Self.epoch) == .accepted)
        let bad = IntakeFixture.request(.generic, body: Array("Hello, World?".utf8), headers: [(v.header, v.valid_header_value)])
        #expect(auth.authenticate(bad, now: Self.epoch) == .rejected("\(v.header) does not match the body"))
    }

    @Test("Grafana without timestamp, under both header names Grafana uses", arguments: [
        "X-Grafana-Alerting-Signature", "X-Grafana-Alert-Signature",
    ])
    func grafanaNoTimestamp(header: String) throws {
        let v = try IntakeSignatureVectors.load().grafana_no_timestamp
        let config = try IntakeFixture.sourceConfig(.grafana, "    hmac_secret_env: G\n    hmac_header: \(header)\n")
        let auth = try SourceAuthenticator(config: config, environment: ["G": v.secret])
        let body = Array(v.body.utf8)
        #expect(auth.authenticate(IntakeFixture.request(.grafana, body: body, headers: [(header, v.valid_header_value)]), now: Self.epoch) == .accepted)
        #expect(auth.authenticate(IntakeFixture.request(.grafana, body: body, headers: [(header, v.valid_header_value.uppercased())]), now: Self.epoch) == .accepted)
        let other = header == "X-Grafana-Alert-Signature" ? "X-Grafana-Alerting-Signature" : "X-Grafana-Alert-Signature"
        #expect(auth.authenticate(IntakeFixture.request(.grafana, body: body, headers: [(other, v.valid_header_value)]), now: Self.epoch)
                == .missing("no \(header) header"))
        var tampered = body
        tampered[0] ^= 0x20
        #expect(auth.authenticate(IntakeFixture.request(.grafana, body: tampered, headers: [(header, v.valid_header_value)]), now: Self.epoch)
                == .rejected("\(header) does not match the body"))
        #expect(auth.authenticate(IntakeFixture.request(.grafana, body: body, headers: [(header, "v1=" + v.valid_header_value)]), now: Self.epoch)
                == .rejected("\(header) is not 64 hex digits"))
    }

    @Test("The default HMAC header is X-Grafana-Alerting-Signature")
    func grafanaDefaultHeader() throws {
        let v = try IntakeSignatureVectors.load().grafana_no_timestamp
        let auth = try SourceAuthenticator(config: try IntakeFixture.sourceConfig(.grafana, "    hmac_secret_env: G\n"), environment: ["G": v.secret])
        let request = IntakeFixture.request(.grafana, body: Array(v.body.utf8), headers: [("x-grafana-alerting-signature", v.valid_header_value)])
        #expect(auth.authenticate(request, now: Self.epoch) == .accepted)
    }

    func grafanaTimestamped() throws -> SourceAuthenticator {
        let v = try IntakeSignatureVectors.load().grafana_with_timestamp
        let config = try IntakeFixture.sourceConfig(.grafana, "    hmac_secret_env: G\n    hmac_timestamp_header: X-Grafana-Alerting-Timestamp\n")
        return try SourceAuthenticator(config: config, environment: ["G": v.secret])
    }

    func timestamped(_ timestamp: String?, signature: String, body: String = "test message") -> WebhookRequest {
        var headers: [(name: String, value: String)] = [("X-Grafana-Alerting-Signature", signature)]
        if let timestamp { headers.append(("X-Grafana-Alerting-Timestamp", timestamp)) }
        return IntakeFixture.request(.grafana, body: Array(body.utf8), headers: headers)
    }

    @Test("Grafana with timestamp: the vector (ts 0) verifies at Unix time 0; ts or body changes do not")
    func grafanaWithTimestamp() throws {
        let v = try IntakeSignatureVectors.load().grafana_with_timestamp
        let auth = try grafanaTimestamped()
        #expect(v.timestamp == "0")
        #expect(auth.authenticate(timestamped("0", signature: v.valid_header_value), now: Self.epoch) == .accepted)
        #expect(auth.authenticate(timestamped("1", signature: v.valid_header_value), now: Self.epoch)
                == .rejected("X-Grafana-Alerting-Signature does not match the body"))
        #expect(auth.authenticate(timestamped("0", signature: v.valid_header_value, body: "test messagE"), now: Self.epoch)
                == .rejected("X-Grafana-Alerting-Signature does not match the body"))
        #expect(auth.authenticate(timestamped(nil, signature: v.valid_header_value), now: Self.epoch)
                == .missing("no X-Grafana-Alerting-Timestamp header"))
        #expect(auth.authenticate(timestamped("yesterday", signature: v.valid_header_value), now: Self.epoch)
                == .rejected("X-Grafana-Alerting-Timestamp is not a Unix time in seconds"))
        // The signature over the body alone is not accepted when a timestamp is configured.
        let bodyOnly = try IntakeSignatureVectors.load().grafana_no_timestamp.valid_header_value
        #expect(auth.authenticate(timestamped("0", signature: bodyOnly), now: Self.epoch) != .accepted)
    }

    /// HMAC-SHA256("secret", "1700000000:test message"), computed with Python's hmac module.
    static let signatureAt1700000000 = "36fa366a807205a13fc507ea4413374566ad5808c7ca7653f94d121fe5e64c2d"

    @Test("Grafana with timestamp: ±301 s is refused, ±299 s accepted (5-minute window)", arguments: [
        (-301.0, false), (301.0, false), (-299.0, true), (299.0, true), (0.0, true), (-86_400.0, false),
    ])
    func grafanaSkew(offset: Double, accepted: Bool) throws {
        let auth = try grafanaTimestamped()
        // offset = timestamp − now: −299 means the delivery was signed 299 s ago.
        let now = Date(timeIntervalSince1970: 1_700_000_000 - offset)
        let result = auth.authenticate(timestamped("1700000000", signature: Self.signatureAt1700000000), now: now)
        if accepted {
            #expect(result == .accepted)
        } else {
            #expect(result == .rejected("X-Grafana-Alerting-Timestamp is \(Int(abs(offset))) s from now; at most 300 s is allowed"))
        }
    }

    @Test("Splunk On-Call escalation vector (self-computed in the research) verifies")
    func splunkOnCallVector() throws {
        let v = try IntakeSignatureVectors.load().splunk_oncall_escalation_webhook
        #expect(VictorOpsSignature.isValid(signature: v.valid_header_value, url: v.webhook_url, fields: v.form_fields, authCode: v.auth_code))
        var changed = v.form_fields
        changed["incident"] = "32"
        #expect(!VictorOpsSignature.isValid(signature: v.valid_header_value, url: v.webhook_url, fields: changed, authCode: v.auth_code))
        #expect(!VictorOpsSignature.isValid(signature: v.valid_header_value, url: v.webhook_url + "x", fields: v.form_fields, authCode: v.auth_code))
        #expect(!VictorOpsSignature.isValid(signature: "not base64!", url: v.webhook_url, fields: v.form_fields, authCode: v.auth_code))
    }
}
