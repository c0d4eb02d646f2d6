import AsyncHTTPClient
@testable import Capture
import Foundation
import Hummingbird
import Settings
import Testing

/// `config check --probe` against Loki's API (no Loki is packaged here: a stand-in answering in
/// Loki's documented format): the labels call with tenant and token, and what a failure says.
@Suite("config check --probe: Loki")
struct ConfigProbeLokiTests {
    @Test("A Loki that answers success passes with tenant and token sent; an error answer fails naming loki.url")
    func loki() async throws {
        try await FakeServer.run(routes: { router in
            router.get("/loki/api/v1/labels") { request, _ -> Response in
                request.headers[.authorization] == "Bearer loki-token"
                    ? FakeServer.response(.ok, #"{"status":"success","data":["app","job"]}"#)
                    : FakeServer.response(.unauthorized, "no org id\n", contentType: "text/plain; charset=utf-8")
            }
        }) { port, log in
            let dir = try TemporaryDirectory()
            var config = AftermathConfig()
            config.configuredCollectors = []
            config.loki = LokiConfig(url: "http://127.0.0.1:\(port)/", timeout: 5, orgID: "team-a",
                                     bearerToken: SecretReference(key: "loki.bearer_token_file", origin: .file(try dir.write("t", "loki-token\n"))))
            let probe = ConfigProbe(config: config, environment: [:], client: .shared, runner: LocalProcessRunner())
            let ok = await probe.run()
            #expect(ok == [.init(key: "loki.url", target: "http://127.0.0.1:\(port)", problem: nil)])
            let seen = try #require(await log.requests.last)
            #expect(seen.headers["x-scope-orgid"] == "team-a")

            config.loki.bearerToken = nil
            let failed = await ConfigProbe(config: config, environment: [:], client: .shared, runner: LocalProcessRunner()).run()
            #expect(failed.count == 1)
            #expect(failed.first?.key == "loki.url")
            #expect(failed.first?.problem?.contains("401") == true, "\(failed)")
        }
    }
}
