import Capture
import Foundation
import Settings
import Testing

/// PrometheusCollector against a local stand-in for the query_range API (see FakePrometheus),
/// for answers a real Prometheus does not give on demand; the real one is in PrometheusCollectorTests.
@Suite("Prometheus collector, against a local fake API")
struct PrometheusCollectorFakeTests {
    let window = DateInterval(start: Date(timeIntervalSince1970: 1_795_000_000), duration: 60)

    func run(
        _ queries: [String], port: Int?, step: TimeInterval? = nil, timeout: TimeInterval = 30, requestTimeout: TimeInterval = 15,
        maxBytes: Int = 4 << 20, maxSeries: Int = 1_000, bearer: SecretReference? = nil, environment: [String: String] = [:],
        labels: [String: String] = [:]
    ) async throws -> [CollectedItem] {
        try await HTTPKinds.withClient { client in
            let config = PrometheusConfig(url: port.map { "http://127.0.0.1:\($0)" }, timeout: requestTimeout, bearerToken: bearer)
            let collector = PrometheusCollector(config: config, client: client, environment: environment, maxSeries: maxSeries)
            return await collector.collect(
                HTTPKinds.context(
                    HTTPKinds.collector("metrics", .prometheus, queries: queries, step: step), window: window, labels: labels,
                    timeout: timeout, maxBytes: maxBytes))
        }
    }

    @Test("NaN and ±Inf samples are kept; window, step and bearer token go into the request")
    func specialValuesAndRequest() async throws {
        try await FakeServer.run(routes: FakePrometheus.routes) { port, log in
            let items = try await run(
                ["special"], port: port,
                bearer: SecretReference(key: "prometheus.bearer_token_env", origin: .environment("PROM_TOKEN")),
                environment: ["PROM_TOKEN": "t0ken"])
            let item = try #require(items.first)
            #expect(item.status == .ok)
            #expect(item.request["start"] == "1795000000.000")
            #expect(item.request["end"] == "1795000060.000")
            #expect(item.request["step"] == "1")
            let series = try #require(item.series.first)
            #expect(series.labels == ["__name__": "odd", "job": "x"])
            #expect(series.points.map(\.t) == [1_795_000_000, 1_795_000_001, 1_795_000_002, 1_795_000_003])
            #expect(series.points[0].v.isNaN)
            #expect(series.points[1].v == .infinity)
            #expect(series.points[2].v == -.infinity)
            #expect(series.points[3].v == 1.5)
            #expect(series.step == 1)
            #expect(series.sourceURL == item.request["url"])
            let seen = try #require(await log.requests.first)
            #expect(seen.headers["authorization"] == "Bearer t0ken")
            #expect(seen.parameters["step"] == "1")
            #expect(item.request["url"] == "http://127.0.0.1:\(port)/api/v1/query_range?\(seen.rawQuery)")

            let configured = try #require(try await run(["special"], port: port, step: 15).first)
            #expect(configured.request["step"] == "15")
            #expect(configured.series.first?.step == 15)
        }
    }

    @Test("a body over max_bytes keeps the series that arrived; too many series keep the first ones")
    func caps() async throws {
        try await FakeServer.run(routes: FakePrometheus.routes) { port, _ in
            let cut = try #require(try await run(["many"], port: port, maxBytes: 2_000).first)
            #expect(cut.status == .truncated)
            #expect(!cut.series.isEmpty && cut.series.count < 50)
            #expect(cut.series.map { $0.labels["index"] } == (0..<cut.series.count).map { String(format: "%02d", $0) })
            #expect(cut.series.dropLast().allSatisfy { $0.points.count == 20 })
            #expect(cut.error?.contains("response body over max_bytes (2000 bytes)") == true)

            let capped = try #require(try await run(["many"], port: port, maxSeries: 10).first)
            #expect(capped.status == .truncated)
            #expect(capped.series.count == 10)
            #expect(capped.error == "query 'many' against http://127.0.0.1:\(port): 50 series, over the cap of 10 per query: kept the first 10")
        }
    }

    @Test("a result that is not a matrix fails the item")
    func notAMatrix() async throws {
        try await FakeServer.run(routes: FakePrometheus.routes) { port, _ in
            let item = try #require(try await run(["instant"], port: port).first)
            #expect(item.status == .failed)
            #expect(item.error == "query 'instant' against http://127.0.0.1:\(port): expected resultType 'matrix', got 'vector'")
        }
    }

    @Test("prometheus.timeout and the run's time limit end a stalled query as a timeout")
    func timeouts() async throws {
        try await FakeServer.run(routes: FakePrometheus.routes) { port, _ in
            let own = try #require(try await run(["slow"], port: port, requestTimeout: 0.3).first)
            #expect(own.status == .timeout)
            #expect(own.error == "query 'slow' against http://127.0.0.1:\(port): no complete answer within 0.3s (prometheus.timeout)")
            #expect(own.finishedAt.timeIntervalSince(own.startedAt) < 3)  // cut off before the server's 3s stall ended

            let run = try #require(try await run(["slow"], port: port, timeout: 0.3).first)
            #expect(run.status == .timeout)
            #expect(run.error == "query 'slow' against http://127.0.0.1:\(port): the collector's time limit of 0.3s ran out")
        }
    }

    @Test("no prometheus.url skips; a missing label or an unset token fails, naming it")
    func configurationProblems() async throws {
        let skipped = try await run(["up", "down"], port: nil)
        #expect(skipped.map(\.status) == [.skipped, .skipped])
        #expect(skipped.map(\.error) == ["prometheus.url is not configured", "prometheus.url is not configured"])
        #expect(skipped.map(\.name) == ["query 1: up", "query 2: down"])

        let missing = try await run([#"up{job="{{labels.job}}"}"#, "up"], port: 9, labels: ["service": "api"])
        #expect(missing.first?.status == .failed)
        #expect(missing.first?.error == #"query 1: label 'job' is not set on this incident (needed by 'up{job="{{labels.job}}"}')"#)

        let token = try await run(
            ["up"], port: 9, bearer: SecretReference(key: "prometheus.bearer_token_env", origin: .environment("PROM_TOKEN")))
        #expect(token.first?.status == .failed)
        #expect(token.first?.error == "secret for 'prometheus.bearer_token_env': environment variable PROM_TOKEN is not set")
    }
}
