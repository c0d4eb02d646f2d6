import AftermathCore
import Foundation
@testable import Intake
import Settings
import Testing

@Suite("Intake: Bearer, Basic and path-token credentials")
struct IntakeCredentialTests {
    static let token = "s3cr3t-token-0123456789"
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    func bearer() throws -> SourceAuthenticator {
        let config = try IntakeFixture.sourceConfig(.alertmanager, "    bearer_token_env: AM_TOKEN\n")
        return try SourceAuthenticator(config: config, environment: ["AM_TOKEN": Self.token])
    }

    func request(authorization: String?, source: WebhookSource = .alertmanager, pathToken: String? = nil) -> WebhookRequest {
        IntakeFixture.request(source, body: Array("{}".utf8), headers: authorization.map { [("Authorization", $0)] } ?? [], pathToken: pathToken)
    }

    @Test("No credentials configured: open, everything accepted")
    func open() throws {
        let auth = try SourceAuthenticator(config: SourceConfig(), environment: [:])
        #expect(auth.isOpen)
        #expect(auth.authenticate(request(authorization: nil), now: Self.now) == .accepted)
        #expect(auth.authenticate(request(authorization: "Bearer anything"), now: Self.now) == .accepted)
    }

    @Test("Bearer: the right token with any scheme case is accepted", arguments: ["Bearer", "bearer", "BEARER", "BeArEr"])
    func bearerAccepted(scheme: String) throws {
        let auth = try bearer()
        #expect(!auth.isOpen)
        #expect(auth.authenticate(request(authorization: "\(scheme) \(Self.token)"), now: Self.now) == .accepted)
        #expect(auth.authenticate(request(authorization: " \(scheme)   \(Self.token) "), now: Self.now) == .accepted)
    }

    @Test("Bearer: wrong, prefix-of-correct, extended, empty, other-scheme credentials are rejected", arguments: [
        "Bearer wrong", "Bearer " + String(token.dropLast()), "Bearer " + String(token.prefix(1)), "Bearer " + token + "x",
        "Bearer " + token.uppercased(), "Bearer", "Bearer ", token, "Basic " + Data(token.utf8).base64EncodedString(),
        "Token " + token, "",
    ])
    func bearerRejected(header: String) throws {
        let result = try bearer().authenticate(request(authorization: header), now: Self.now)
        guard case .rejected(let reason) = result else {
            Issue.record("expected rejected for \(header), got \(result)")
            return
        }
        #expect(!reason.contains(Self.token))
        #expect(!reason.contains(String(Self.token.prefix(6))))
    }

    @Test("Bearer: no Authorization header is `missing`")
    func bearerMissing() throws {
        #expect(try bearer().authenticate(request(authorization: nil), now: Self.now)
                == .missing("no Authorization header; expected Bearer credentials"))
    }

    func basic() throws -> SourceAuthenticator {
        let config = try IntakeFixture.sourceConfig(.grafana, "    basic_auth:\n      username: grafana\n      password_env: GF_PASS\n")
        return try SourceAuthenticator(config: config, environment: ["GF_PASS": "correct horse"])
    }

    static func basicHeader(_ credentials: String, scheme: String = "Basic") -> String {
        "\(scheme) " + Data(credentials.utf8).base64EncodedString()
    }

    @Test("Basic: the right user and password are accepted, in any scheme case")
    func basicAccepted() throws {
        let auth = try basic()
        #expect(auth.authenticate(request(authorization: Self.basicHeader("grafana:correct horse")), now: Self.now) == .accepted)
        #expect(auth.authenticate(request(authorization: Self.basicHeader("grafana:correct horse", scheme: "basic")), now: Self.now) == .accepted)
    }

    @Test("Basic: wrong user, wrong or partial password, bad base64, Bearer are rejected", arguments: [
        basicHeader("grafana:wrong"), basicHeader("admin:correct horse"), basicHeader("grafana:correct hors"),
        basicHeader("grafana:correct horsey"), basicHeader("grafana"), basicHeader(":"), basicHeader("grafana:correct horse:"),
        "Basic !!!not-base64!!!", "Basic", "Bearer correct horse", basicHeader("grafana:correct horse", scheme: "Basicx"),
    ])
    func basicRejected(header: String) throws {
        let result = try basic().authenticate(request(authorization: header), now: Self.now)
        guard case .rejected(let reason) = result else {
            Issue.record("expected rejected for \(header), got \(result)")
            return
        }
        #expect(!reason.contains("correct horse"))
    }

    @Test("Basic: no Authorization header is `missing`")
    func basicMissing() throws {
        #expect(try basic().authenticate(request(authorization: nil), now: Self.now) == .missing("no Authorization header; expected Basic credentials"))
    }

    @Test("Path token: right accepted; wrong, prefix and extended rejected; absent missing")
    func pathToken() throws {
        let config = try IntakeFixture.sourceConfig(.statuspage, "    path_token_env: SP_TOKEN\n")
        let auth = try SourceAuthenticator(config: config, environment: ["SP_TOKEN": "k9x2-path-token"])
        #expect(auth.authenticate(request(authorization: nil, source: .statuspage, pathToken: "k9x2-path-token"), now: Self.now) == .accepted)
        for wrong in ["k9x2-path-toke", "k9x2-path-token2", "K9X2-PATH-TOKEN", "x"] {
            #expect(auth.authenticate(request(authorization: nil, source: .statuspage, pathToken: wrong), now: Self.now) == .rejected("wrong path token"))
        }
        #expect(auth.authenticate(request(authorization: nil, source: .statuspage, pathToken: nil), now: Self.now)
                == .missing("no token in the URL path; post to /hooks/statuspage/<token>"))
        #expect(auth.authenticate(request(authorization: nil, source: .statuspage, pathToken: ""), now: Self.now) != .accepted)
    }

    @Test("Every configured mechanism must pass: a rejection wins over a missing credential")
    func allMechanismsMustPass() throws {
        let config = try IntakeFixture.sourceConfig(.pagerduty, "    bearer_token_env: T\n    signing_secret_env: S\n")
        let vectors = try IntakeSignatureVectors.load().pagerduty_v3
        let auth = try SourceAuthenticator(config: config, environment: ["T": Self.token, "S": vectors.secret])
        func send(_ authorization: String?, _ signature: String?) -> AuthenticationResult {
            var headers: [(name: String, value: String)] = []
            if let authorization { headers.append(("Authorization", authorization)) }
            if let signature { headers.append(("X-PagerDuty-Signature", signature)) }
            return auth.authenticate(IntakeFixture.request(.pagerduty, body: Array(vectors.body.utf8), headers: headers), now: Self.now)
        }
        #expect(send("Bearer " + Self.token, vectors.valid_header_value) == .accepted)
        #expect(send("Bearer " + Self.token, nil) == .missing("no X-PagerDuty-Signature header"))
        #expect(send(nil, vectors.valid_header_value) == .missing("no Authorization header; expected Bearer credentials"))
        #expect(send("Bearer wrong", vectors.valid_header_value) == .rejected("wrong Bearer credentials"))
        if case .rejected = send(nil, vectors.invalid_header_value) {} else { Issue.record("a bad signature must reject even without a token") }
    }

    @Test("Secrets are resolved once at start: unset or empty ones are configuration errors")
    func secretResolution() throws {
        let config = try IntakeFixture.sourceConfig(.alertmanager, "    bearer_token_env: AM_TOKEN\n")
        #expect(throws: ConfigError.self) { try SourceAuthenticator(config: config, environment: [:]) }
        #expect(throws: ConfigError.self) { try SourceAuthenticator(config: config, environment: ["AM_TOKEN": "\n"]) }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("aftermath-intake-\(UUID().uuidString).token")
        try Data("from-a-file\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = try IntakeFixture.sourceConfig(.alertmanager, "    bearer_token_file: \(file.path)\n")
        let auth = try SourceAuthenticator(config: fromFile, environment: [:])
        #expect(auth.authenticate(request(authorization: "Bearer from-a-file"), now: Self.now) == .accepted)
    }

    @Test("Bearer and Basic together cannot both be satisfied and are refused at start")
    func bearerAndBasic() throws {
        let config = try IntakeFixture.sourceConfig(.alertmanager,
            "    bearer_token_env: T\n    basic_auth:\n      username: u\n      password_env: P\n")
        #expect(throws: ConfigError.self) { try SourceAuthenticator(config: config, environment: ["T": "t", "P": "p"]) }
    }

    @Test("Constant-time comparison: equal only for identical bytes")
    func constantTime() {
        #expect(ConstantTime.equal(Array("abc".utf8), Array("abc".utf8)))
        #expect(!ConstantTime.equal(Array("abc".utf8), Array("abd".utf8)))
        #expect(!ConstantTime.equal(Array("ab".utf8), Array("abc".utf8)))
        #expect(!ConstantTime.equal([], Array("a".utf8)))
    }
}
