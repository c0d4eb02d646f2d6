import AsyncHTTPClient
@testable import Capture
import Foundation
import Settings
import Testing

extension EndToEnd {
    /// PrometheusCollector against a real Prometheus scraping a real node-exporter (PrometheusStack).
    @Suite("Prometheus collector, against a real Prometheus")
    struct PrometheusCollectorTests {
        /// Starts the stack, waits until `up{job="node"}` has 5 samples, runs `body`, stops the stack.
        func withStack<T: Sendable>(_ body: (HTTPClient, PrometheusStack) async throws -> T) async throws -> T {
            try await HTTPKinds.withClient { client in
                let stack = try await PrometheusStack.start(client: client)
                defer { stack.stop() }
                try await Wait.until("5 samples of up{job=\"node\"}", timeout: 30, interval: 0.2) {
                    let result = await stack.instantQuery(#"count_over_time(up{job="node"}[1m]) >= 5"#, client: client) ?? []
                    return result.isEmpty ? nil : true
                }
                return try await body(client, stack)
            }
        }

        func collect(
            _ client: HTTPClient, url: String, queries: [String], labels: [String: String] = [:], alerts: [AlertContext] = [],
            window: DateInterval
        ) async -> [CollectedItem] {
            let collector = PrometheusCollector(config: PrometheusConfig(url: url), client: client, environment: [:])
            return await collector.collect(
                HTTPKinds.context(HTTPKinds.collector("metrics", .prometheus, queries: queries), window: window, labels: labels, alerts: alerts))
        }

        @Test("a templated query and an alert's generatorURL expression return series inside the window")
        func queryAndAlertExpression() async throws {
            try await withStack { client, stack in
                let now = Date()
                let window = DateInterval(start: now.addingTimeInterval(-30), end: now)
                let generatorURL = "http://x/graph?g0.expr=node_load1%20%3E%3D%200&g0.tab=1"
                let alerts = ["127.0.0.1:1", "127.0.0.1:2"].map {
                    AlertContext(name: "NodeLoad", labels: ["instance": $0], startsAt: now, endsAt: nil, generatorURL: generatorURL)
                }

                let items = await collect(
                    client, url: stack.url, queries: [#"up{job="{{labels.job}}"}"#], labels: ["job": "node"], alerts: alerts, window: window)

                #expect(items.map(\.name) == [#"query 1: up{job="node"}"#, "alert NodeLoad"])
                #expect(items.map(\.status) == [.ok, .ok])
                #expect(items.map { $0.request["query"] } == [#"up{job="node"}"#, "node_load1 >= 0"])
                let up = try #require(items.first?.series.first)
                #expect(items.first?.series.count == 1)
                #expect(up.labels["job"] == "node")
                #expect(up.labels["instance"] == stack.nodeExporterTarget)
                #expect(up.points.count >= 3)
                #expect(up.points.allSatisfy { $0.v == 1 })
                #expect(up.step == 1)
                #expect(up.sourceURL.hasPrefix("\(stack.url)/api/v1/query_range?query=up%7Bjob%3D%22node%22%7D&start="))
                let load = try #require(items.last?.series.first)
                #expect(load.labels["__name__"] == "node_load1")  // a filtering comparison keeps the name
                #expect(load.labels["job"] == "node")
                #expect(load.points.count >= 1)
                for series in items.flatMap(\.series) {
                    #expect(series.points.allSatisfy { window.start.timeIntervalSince1970 <= $0.t && $0.t <= window.end.timeIntervalSince1970 })
                }
                #expect(items.allSatisfy { $0.startedAt <= $0.finishedAt })
            }
        }

        @Test("a query Prometheus refuses fails the item with Prometheus's own error")
        func badQuery() async throws {
            try await withStack { client, stack in
                let window = DateInterval(start: Date().addingTimeInterval(-30), end: Date())

                let items = await collect(client, url: stack.url, queries: ["sum(rate(up[1m])"], window: window)

                let item = try #require(items.first)
                #expect(item.status == .failed)
                let error = try #require(item.error)
                #expect(error.hasPrefix("query 'sum(rate(up[1m])' against \(stack.url): HTTP 400 bad_data: "))
                #expect(error.contains("parse error"))
                #expect(item.series.isEmpty)
            }
        }

        @Test("a label value cannot break out of its PromQL string")
        func labelInjectionIsEscaped() async throws {
            try await withStack { client, stack in
                let window = DateInterval(start: Date().addingTimeInterval(-30), end: Date())

                let items = await collect(
                    client, url: stack.url, queries: [#"up{job="{{labels.job}}"}"#], labels: ["job": #""} or vector(1) or {""#],
                    window: window)

                let item = try #require(items.first)
                #expect(item.request["query"] == #"up{job="\"} or vector(1) or {\""}"#)
                #expect(item.status == .ok)  // Prometheus parsed it: one valid string literal
                #expect(item.error == nil)
                #expect(item.series.isEmpty)  // no job has that name; an injected vector(1) would be a series
            }
        }

        @Test("with nothing listening, the item fails at once with the refused connection")
        func prometheusDown() async throws {
            let port = try FreePort.pick()
            let window = DateInterval(start: Date().addingTimeInterval(-30), end: Date())
            try await HTTPKinds.withClient { client in
                let items = await collect(client, url: "http://127.0.0.1:\(port)", queries: ["up"], window: window)

                let item = try #require(items.first)
                #expect(item.status == .failed)
                let error = try #require(item.error)
                #expect(error.hasPrefix("query 'up' against http://127.0.0.1:\(port): connection refused"))
            }
        }

        @Test("a client that retries connections still reports the refusal, not a timeout")
        func prometheusDownWithRetryingClient() async throws {
            let port = try FreePort.pick()
            let window = DateInterval(start: Date().addingTimeInterval(-30), end: Date())
            try await HTTPKinds.withClient(retryConnections: true) { client in
                let collector = PrometheusCollector(
                    config: PrometheusConfig(url: "http://127.0.0.1:\(port)", timeout: 1), client: client, environment: [:])
                let items = await collector.collect(
                    HTTPKinds.context(HTTPKinds.collector("metrics", .prometheus, queries: ["up"]), window: window))

                #expect(items.first?.status == .failed)
                #expect(items.first?.error?.contains("connection refused") == true)
            }
        }
    }
}
