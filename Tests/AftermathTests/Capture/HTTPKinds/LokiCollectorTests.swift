import Capture
import Foundation
import Settings
import Testing

/// LokiCollector against a local stand-in for Loki's query_range API (see FakeLoki).
@Suite("Loki collector, against a local fake Loki")
struct LokiCollectorTests {
    let base = Date(timeIntervalSince1970: 1_795_000_000)
    var window: DateInterval { DateInterval(start: base, duration: 600) }

    func ns(_ secondsAfterBase: Double) -> Int64 {
        Int64((base.timeIntervalSince1970 * 1e9).rounded()) + Int64((secondsAfterBase * 1e9).rounded())
    }

    var twoStreams: FakeLoki {
        FakeLoki(streams: [
            .init(
                labels: ["app": "api", "level": "error"],
                entries: [(ns(-5), "before the window"), (ns(10.123456789), "error one"), (ns(30), "error two")]),
            .init(labels: ["app": "api", "level": "warn"], entries: [(ns(20), "warn one")]),
        ])
    }

    @Test("lines from all streams come back in time order, with timestamps, sources, headers and escaped labels")
    func linesInTimeOrder() async throws {
        let loki = twoStreams
        try await FakeServer.run(routes: loki.routes) { port, log in
            try await HTTPKinds.withClient { client in
                let config = LokiConfig(
                    url: "http://127.0.0.1:\(port)", orgID: "tenant-a",
                    bearerToken: SecretReference(key: "loki.bearer_token_env", origin: .environment("LOKI_TOKEN")))
                let collector = LokiCollector(config: config, client: client, environment: ["LOKI_TOKEN": "s3cret"])
                let context = HTTPKinds.context(
                    HTTPKinds.collector("api-logs", .loki, queries: [#"{app="api", env="{{labels.env}}"} |= "error""#]),
                    window: window, labels: ["env": #"prod"x\"#])

                let items = await collector.collect(context)

                let item = try #require(items.first)
                #expect(items.count == 1)
                #expect(item.kind == .log)
                #expect(item.status == .ok)
                #expect(item.error == nil)
                let sentQuery = #"{app="api", env="prod\"x\\"} |= "error""#
                #expect(item.name == "query 1: " + String(sentQuery.prefix(60)))
                #expect(item.request["query"] == sentQuery)
                #expect(item.lines.map(\.text) == ["error one", "warn one", "error two"])
                #expect(item.text == "error one\nwarn one\nerror two")
                #expect(item.lines.map(\.source) == [#"{app="api", level="error"}"#, #"{app="api", level="warn"}"#, #"{app="api", level="error"}"#])
                let first = try #require(item.lines.first?.timestamp)
                #expect(abs(first.timeIntervalSince1970 - (base.timeIntervalSince1970 + 10.123456789)) < 1e-6)
                #expect(item.lines.last?.timestamp == base.addingTimeInterval(30))
                #expect(item.startedAt <= item.finishedAt)

                let seen = try #require(await log.requests.first)
                #expect(seen.path == "/loki/api/v1/query_range")
                #expect(seen.parameters["query"] == sentQuery)
                #expect(seen.parameters["start"] == String(ns(0)))
                #expect(seen.parameters["end"] == String(ns(600)))
                #expect(seen.parameters["limit"] == "50000")
                #expect(seen.parameters["direction"] == "forward")
                #expect(seen.headers["x-scope-orgid"] == "tenant-a")
                #expect(seen.headers["authorization"] == "Bearer s3cret")
                #expect(item.request["url"] == "http://127.0.0.1:\(port)/loki/api/v1/query_range?\(seen.rawQuery)")
            }
        }
    }

    @Test("at max_lines the oldest lines are kept and the item is truncated")
    func truncatesAtMaxLines() async throws {
        let loki = FakeLoki(streams: [
            .init(labels: ["app": "api"], entries: (0..<10).map { (ns(Double($0)), "line \($0)") })
        ])
        try await FakeServer.run(routes: loki.routes) { port, log in
            try await HTTPKinds.withClient { client in
                let collector = LokiCollector(config: LokiConfig(url: "http://127.0.0.1:\(port)"), client: client, environment: [:])
                let context = HTTPKinds.context(
                    HTTPKinds.collector("api-logs", .loki, queries: [#"{app="api"}"#]), window: window, maxLines: 4)

                let item = try #require(await collector.collect(context).first)

                #expect(item.status == .truncated)
                #expect(item.lines.map(\.text) == ["line 0", "line 1", "line 2", "line 3"])
                let error = try #require(item.error)
                #expect(error.contains("reached max_lines (4)"))
                #expect(await log.requests.first?.parameters["limit"] == "4")
            }
        }
    }

    @Test("a body over max_bytes keeps the lines that arrived whole")
    func truncatesAtMaxBytes() async throws {
        let loki = FakeLoki(streams: [
            .init(labels: ["app": "api"], entries: (0..<50).map { (ns(Double($0)), "line number \($0)") })
        ])
        try await FakeServer.run(routes: loki.routes) { port, _ in
            try await HTTPKinds.withClient { client in
                let collector = LokiCollector(config: LokiConfig(url: "http://127.0.0.1:\(port)"), client: client, environment: [:])
                let context = HTTPKinds.context(
                    HTTPKinds.collector("api-logs", .loki, queries: [#"{app="api"}"#]), window: window, maxBytes: 600)

                let item = try #require(await collector.collect(context).first)

                #expect(item.status == .truncated)
                #expect(!item.lines.isEmpty && item.lines.count < 50)
                #expect(item.lines.map(\.text) == (0..<item.lines.count).map { "line number \($0)" })
                #expect(item.error?.contains("response body over max_bytes (600 bytes)") == true)
            }
        }
    }

    @Test("Loki's error answer fails the item with its text")
    func errorResponse() async throws {
        let loki = twoStreams
        try await FakeServer.run(routes: loki.routes) { port, _ in
            try await HTTPKinds.withClient { client in
                let collector = LokiCollector(config: LokiConfig(url: "http://127.0.0.1:\(port)"), client: client, environment: [:])
                let context = HTTPKinds.context(
                    HTTPKinds.collector("api-logs", .loki, queries: [loki.brokenQuery]), window: window)

                let item = try #require(await collector.collect(context).first)

                #expect(item.status == .failed)
                #expect(item.error == "query '\(loki.brokenQuery)' against http://127.0.0.1:\(port): HTTP 400: \(FakeLoki.parseError)")
                #expect(item.lines.isEmpty)
            }
        }
    }

    @Test("without loki.url every query is skipped; a missing label fails its query")
    func skippedAndMissingLabel() async throws {
        try await HTTPKinds.withClient { client in
            let context = HTTPKinds.context(
                HTTPKinds.collector("api-logs", .loki, queries: [#"{app="{{labels.app}}"}"#]), window: window)

            let skipped = await LokiCollector(config: LokiConfig(), client: client, environment: [:]).collect(context)
            #expect(skipped.map(\.status) == [.skipped])
            #expect(skipped.first?.error == "loki.url is not configured")

            let missing = await LokiCollector(config: LokiConfig(url: "http://127.0.0.1:9"), client: client, environment: [:])
                .collect(context)
            #expect(missing.map(\.status) == [.failed])
            #expect(missing.first?.error == #"query 1: label 'app' is not set on this incident (needed by '{app="{{labels.app}}"}')"#)
        }
    }
}
