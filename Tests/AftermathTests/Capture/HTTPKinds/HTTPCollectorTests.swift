import Capture
import Foundation
import Hummingbird
import Settings
import Testing

/// HTTPCollector against a local web server.
@Suite("HTTP collector, against a local server")
struct HTTPCollectorTests {
    let window = DateInterval(start: Date(timeIntervalSince1970: 1_795_000_000), duration: 600)

    /// Pages: `/page` (hello), `/big` (10,000 bytes), `/accents` (1,000 × é), `/missing` (404),
    /// `/whoami` (echoes Authorization), `/hop/<n>` (n redirects, then "arrived"),
    /// `/elsewhere` (redirect to the same server under another origin), `/slow` (part, then a stall).
    static func routes(_ router: Router<BasicRequestContext>) {
        router.get("/page") { _, _ in FakeServer.response(.ok, "hello\n", contentType: "text/plain") }
        router.get("/big") { _, _ in FakeServer.response(.ok, String(repeating: "x", count: 10_000), contentType: "text/plain") }
        router.get("/accents") { _, _ in FakeServer.response(.ok, String(repeating: "é", count: 1_000), contentType: "text/plain") }
        router.get("/missing") { _, _ in FakeServer.response(.notFound, "no such page", contentType: "text/plain") }
        router.get("/whoami") { request, _ in
            FakeServer.response(.ok, request.headers[.authorization] ?? "", contentType: "text/plain")
        }
        router.get("/hop/{n}") { _, context -> Response in
            let n = context.parameters.get("n", as: Int.self) ?? 0
            guard n > 0 else { return FakeServer.response(.ok, "arrived", contentType: "text/plain") }
            return Response(status: .found, headers: [.location: "/hop/\(n - 1)"])
        }
        router.get("/elsewhere") { request, _ -> Response in
            let port = request.head.authority?.split(separator: ":").last.map(String.init) ?? ""
            return Response(status: .found, headers: [.location: "http://localhost:\(port)/whoami"])
        }
        router.get("/slow") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain"],
                body: ResponseBody { writer in
                    try await writer.write(ByteBuffer(string: "partial"))
                    try await Task.sleep(for: .seconds(8))
                    try await writer.finish(nil)
                })
        }
    }

    func context(
        _ url: String?, labels: [String: String] = [:], headers: [String: String] = [:], timeout: TimeInterval = 30, maxBytes: Int = 4 << 20,
        redirectHosts: [String] = []
    ) -> CaptureContext {
        var collector = HTTPKinds.collector("status-page", .http, url: url, headers: headers)
        collector.redirectHosts = redirectHosts
        return HTTPKinds.context(collector, window: window, labels: labels, timeout: timeout, maxBytes: maxBytes)
    }

    @Test("a 2xx body is stored as text, labels URL-encoded into the URL, headers sent")
    func okBody() async throws {
        try await FakeServer.run(routes: Self.routes) { port, log in
            try await HTTPKinds.withClient { client in
                let item = try #require(
                    await HTTPCollector(client: client).collect(
                        context("http://127.0.0.1:\(port)/page?service={{labels.service}}", labels: ["service": "a b&c=d/é"], headers: ["X-Trace": "1"])
                    ).first)

                #expect(item.kind == .http)
                #expect(item.name == "status-page")
                #expect(item.status == .ok)
                #expect(item.error == nil)
                #expect(item.text == "hello\n")
                #expect(item.request["url"] == "http://127.0.0.1:\(port)/page?service=a%20b%26c%3Dd%2F%C3%A9")
                #expect(item.request["http_status"] == "200")
                let seen = try #require(await log.requests.first)
                #expect(seen.rawQuery == "service=a%20b%26c%3Dd%2F%C3%A9")
                #expect(seen.parameters["service"] == "a b&c=d/é")
                #expect(seen.headers["x-trace"] == "1")
            }
        }
    }

    @Test("reading stops at max_bytes and the item is truncated, without a half character")
    func truncatedAtCap() async throws {
        try await FakeServer.run(routes: Self.routes) { port, _ in
            try await HTTPKinds.withClient { client in
                let collector = HTTPCollector(client: client)
                let big = try #require(await collector.collect(context("http://127.0.0.1:\(port)/big", maxBytes: 1_000)).first)
                #expect(big.status == .truncated)
                #expect(big.text == String(repeating: "x", count: 1_000))
                #expect(big.error == "GET http://127.0.0.1:\(port)/big: body over max_bytes (1000 bytes): kept the first 1000 bytes")

                let accents = try #require(await collector.collect(context("http://127.0.0.1:\(port)/accents", maxBytes: 1_001)).first)
                #expect(accents.status == .truncated)
                #expect(accents.text == String(repeating: "é", count: 500))
            }
        }
    }

    @Test("a non-2xx answer fails the item with its status, keeping the body")
    func non2xx() async throws {
        try await FakeServer.run(routes: Self.routes) { port, _ in
            try await HTTPKinds.withClient { client in
                let item = try #require(await HTTPCollector(client: client).collect(context("http://127.0.0.1:\(port)/missing")).first)
                #expect(item.status == .failed)
                #expect(item.error == "GET http://127.0.0.1:\(port)/missing: HTTP 404 Not Found")
                #expect(item.text == "no such page")
                #expect(item.request["http_status"] == "404")
            }
        }
    }

    @Test("only http and https URLs are fetched", arguments: ["file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"])
    func otherSchemesRefused(url: String) async throws {
        try await HTTPKinds.withClient { client in
            let item = try #require(await HTTPCollector(client: client).collect(context(url)).first)
            let scheme = try #require(url.split(separator: ":").first)
            #expect(item.status == .failed)
            #expect(item.error == "url uses scheme '\(scheme)': only http and https URLs are collected")
            #expect(item.request["url"] == url)
        }
    }

    @Test("userinfo is sent as Basic auth and never recorded")
    func userinfoStripped() async throws {
        try await FakeServer.run(routes: Self.routes) { port, _ in
            try await HTTPKinds.withClient { client in
                let item = try #require(
                    await HTTPCollector(client: client).collect(context("http://alice:s3cret@127.0.0.1:\(port)/whoami")).first)
                #expect(item.status == .ok)
                #expect(item.text == "Basic " + Data("alice:s3cret".utf8).base64EncodedString())
                #expect(item.request["url"] == "http://127.0.0.1:\(port)/whoami")
                #expect(!item.request.values.contains { $0.contains("s3cret") || $0.contains("alice") })

                let refused = try #require(
                    await HTTPCollector(client: client).collect(context("ftp://alice:s3cret@127.0.0.1:\(port)/x")).first)
                #expect(refused.request["url"] == "ftp://127.0.0.1:\(port)/x")
                #expect(refused.error?.contains("s3cret") == false)
            }
        }
    }

    @Test("at most 3 redirects are followed, whether by the collector or by the client")
    func redirects() async throws {
        try await FakeServer.run(routes: Self.routes) { port, _ in
            for followedByClient in [false, true] {
                try await HTTPKinds.withClient(followRedirects: followedByClient) { client in
                    let collector = HTTPCollector(client: client)
                    let three = try #require(await collector.collect(context("http://127.0.0.1:\(port)/hop/3")).first)
                    #expect(three.status == .ok)
                    #expect(three.text == "arrived")
                    #expect(three.request["url"] == "http://127.0.0.1:\(port)/hop/3")
                    #expect(three.request["final_url"] == "http://127.0.0.1:\(port)/hop/0")

                    let four = try #require(await collector.collect(context("http://127.0.0.1:\(port)/hop/4")).first)
                    #expect(four.status == .failed)
                    #expect(four.error?.hasPrefix("GET http://127.0.0.1:\(port)/hop/4: more than 3 redirects") == true)
                }
            }
        }
    }

    @Test("configured headers are not sent to another origin after a redirect (an allow-listed host)")
    func crossOriginRedirectDropsHeaders() async throws {
        try await FakeServer.run(routes: Self.routes) { port, log in
            try await HTTPKinds.withClient { client in
                let item = try #require(
                    await HTTPCollector(client: client).collect(
                        context("http://127.0.0.1:\(port)/elsewhere", headers: ["Authorization": "Bearer tok"], redirectHosts: ["localhost"])
                    ).first)
                #expect(item.status == .ok)
                #expect(item.text == "")
                #expect(item.request["final_url"] == "http://localhost:\(port)/whoami")
                let requests = await log.requests
                #expect(requests.map(\.path) == ["/elsewhere", "/whoami"])
                #expect(requests.first?.headers["authorization"] == "Bearer tok")
                #expect(requests.last?.headers["authorization"] == nil)
            }
        }
    }

    @Test("the run's time limit ends a stalled body as a timeout, keeping what arrived")
    func timeout() async throws {
        try await FakeServer.run(routes: Self.routes) { port, _ in
            try await HTTPKinds.withClient { client in
                let item = try #require(
                    await HTTPCollector(client: client).collect(context("http://127.0.0.1:\(port)/slow", timeout: 2)).first)
                #expect(item.status == .timeout)
                #expect(item.error?.contains("the collector's time limit of 2s ran out") == true, "\(item.error ?? "")")
                // 2 s leaves a loaded machine time to deliver the first chunk (0.5 s did not, once).
                #expect(item.text == "partial")
                #expect(item.finishedAt.timeIntervalSince(item.startedAt) < 7)  // cut off before the server's 8s stall ended
            }
        }
    }
}
