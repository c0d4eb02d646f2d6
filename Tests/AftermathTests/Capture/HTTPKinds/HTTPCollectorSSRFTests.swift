import AsyncHTTPClient
import Capture
import Foundation
import Hummingbird
import Server
import Settings
import Testing

/// Server-side request forgery: a webhook label or a redirect must not point the collectors at
/// the cloud metadata address or at services only this machine reaches. Every test here stays
/// on loopback: the refusals happen before any connection to the refused address.
@Suite("HTTP collector and query clients: no server-side request forgery")
struct HTTPCollectorSSRFTests {
    let window = DateInterval(start: Date(timeIntervalSince1970: 1_795_000_000), duration: 600)

    /// `/meta` → the metadata address, `/loop/<port>` → 127.0.0.1:<port>, `/here` → same origin `/page`.
    static func routes(_ router: Router<BasicRequestContext>) {
        router.get("/page") { _, _ in FakeServer.response(.ok, "fine\n", contentType: "text/plain") }
        router.get("/meta") { _, _ in Response(status: .found, headers: [.location: "http://169.254.169.254/latest/meta-data/iam/security-credentials/"]) }
        router.get("/loop/{port}") { _, context -> Response in
            Response(status: .found, headers: [.location: "http://127.0.0.1:\(context.parameters.get("port") ?? "1")/page"])
        }
        router.get("/here") { _, _ in Response(status: .found, headers: [.location: "/page"]) }
        router.get("/api/v1/query_range") { _, _ in Response(status: .temporaryRedirect, headers: [.location: "http://169.254.169.254/api/v1/query_range"]) }
        router.get("/loki/api/v1/query_range") { _, _ in Response(status: .temporaryRedirect, headers: [.location: "http://169.254.169.254/loki/api/v1/query_range"]) }
    }

    func collect(_ url: String, labels: [String: String] = [:], redirectHosts: [String] = [], followedByClient: Bool = false) async throws -> CollectedItem {
        var collector = HTTPKinds.collector("ci-log", .http, url: url)
        collector.redirectHosts = redirectHosts
        return try await HTTPKinds.withClient(followRedirects: followedByClient) { client in
            try #require(await HTTPCollector(client: client).collect(HTTPKinds.context(collector, window: window, labels: labels, timeout: 10)).first)
        }
    }

    @Test("A redirect to 169.254.169.254 is refused and recorded, also when redirect_hosts names it")
    func metadataRedirect() async throws {
        try await FakeServer.run(routes: Self.routes) { port, log in
            for allowList in [[], ["169.254.169.254"]] {
                let item = try await collect("http://127.0.0.1:\(port)/meta", redirectHosts: allowList)
                #expect(item.status == .failed)
                let error = item.error ?? ""
                #expect(error.contains("redirect refused"), "\(error)")
                #expect(error.contains("169.254.169.254"), "\(error)")
                #expect(item.request["refused_redirect"] == "http://169.254.169.254/latest/meta-data/iam/security-credentials/")
                #expect(item.text.isEmpty)
                if allowList.isEmpty {
                    #expect(error.contains("redirects are followed only to http://127.0.0.1:\(port)"), "\(error)")
                } else {
                    #expect(error.contains("link-local, the cloud metadata address"), "\(error)")
                }
            }
            #expect(await log.requests.map(\.path) == ["/meta", "/meta"])
        }
    }

    @Test("A redirect to 127.0.0.1 from a URL that names another host is refused; redirect_hosts allows it, same-origin needs nothing")
    func loopbackRedirect() async throws {
        try await FakeServer.run(routes: Self.routes) { other, otherLog in
            try await FakeServer.run(routes: Self.routes) { port, _ in
                let refused = try await collect("http://localhost:\(port)/loop/\(other)")
                #expect(refused.status == .failed)
                #expect(refused.error?.contains("redirect refused: redirects are followed only to http://localhost:\(port)") == true, "\(refused.error ?? "")")
                #expect(refused.request["refused_redirect"] == "http://127.0.0.1:\(other)/page")
                #expect(await otherLog.requests.isEmpty)

                let allowed = try await collect("http://localhost:\(port)/loop/\(other)", redirectHosts: ["127.0.0.1"])
                #expect(allowed.status == .ok, "\(allowed.error ?? "")")
                #expect(allowed.text == "fine\n")
                #expect(await otherLog.requests.map(\.path) == ["/page"])

                let same = try await collect("http://127.0.0.1:\(port)/here")
                #expect(same.status == .ok, "\(same.error ?? "")")
                #expect(same.request["final_url"] == "http://127.0.0.1:\(port)/page")
            }
        }
    }

    @Test("A host taken from a webhook label may not be loopback, link-local or metadata; a configured one may be loopback",
          arguments: ["127.0.0.1", "169.254.169.254", "[::1]", "0.0.0.0", "localhost", "100.100.100.200"])
    func labelledHost(target: String) async throws {
        let item = try await collect("http://{{labels.target}}:9/x", labels: ["target": target])
        #expect(item.status == .failed)
        #expect(item.error?.contains("refused") == true, "\(item.error ?? "")")
        #expect(item.error?.contains("the configured URL does not name such an address") == true, "\(item.error ?? "")")
    }

    @Test("An answer a redirect-following client reached through a refused hop is not kept")
    func clientFollowedHop() async throws {
        try await FakeServer.run(routes: Self.routes) { other, _ in
            try await FakeServer.run(routes: Self.routes) { port, _ in
                let item = try await collect("http://localhost:\(port)/loop/\(other)", followedByClient: true)
                #expect(item.status == .failed)
                #expect(item.error?.contains("the HTTP client followed a redirect to http://127.0.0.1:\(other)/page: redirect refused") == true,
                        "\(item.error ?? "")")
                #expect(item.text.isEmpty)
            }
        }
    }

    @Test("Prometheus and Loki through the server's own client do not follow a redirect to the metadata address")
    func queryClientsDoNotFollow() async throws {
        let client = Pipeline.makeCollectorHTTPClient()
        do {
            try await FakeServer.run(routes: Self.routes) { port, log in
                let prometheus = PrometheusCollector(config: PrometheusConfig(url: "http://127.0.0.1:\(port)"), client: client, environment: [:])
                let loki = LokiCollector(config: LokiConfig(url: "http://127.0.0.1:\(port)"), client: client, environment: [:])
                let metrics = try #require(await prometheus.collect(HTTPKinds.context(
                    HTTPKinds.collector("m", .prometheus, queries: ["up"], alertExpression: false), window: window, timeout: 10)).first)
                let logs = try #require(await loki.collect(HTTPKinds.context(
                    HTTPKinds.collector("l", .loki, queries: ["{app=\"x\"}"]), window: window, timeout: 10)).first)
                for item in [metrics, logs] {
                    #expect(item.status == .failed)
                    #expect(item.error?.contains("307") == true, "\(item.error ?? "")")
                }
                #expect(await log.requests.count == 2)
            }
        } catch {
            try await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }
}
