import AsyncHTTPClient
@testable import Capture
import Foundation
import Settings

/// Helpers shared by the Prometheus, Loki and HTTP collector tests.
enum HTTPKinds {
    /// Runs `body` with a client configured as collectors expect one: the collector follows
    /// redirects itself, and a refused connection fails at once instead of being retried until
    /// the deadline. The client is shut down afterwards.
    static func withClient<T: Sendable>(
        followRedirects: Bool = false, retryConnections: Bool = false, _ body: (HTTPClient) async throws -> T
    ) async throws -> T {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: followRedirects ? .follow(max: 5, allowCycles: false) : .disallow)
        configuration.connectionPool.retryConnectionEstablishment = retryConnections
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// A capture context for one collector run over `window`.
    static func context(
        _ collector: CollectorConfig, window: DateInterval, labels: [String: String] = [:], alerts: [AlertContext] = [],
        timeout: TimeInterval = 30, maxBytes: Int = 4 << 20, maxLines: Int = 50_000
    ) -> CaptureContext {
        CaptureContext(
            jobID: 1, incidentID: "INC-1", collector: collector, host: nil, window: window, labels: labels,
            alerts: alerts, timeout: timeout, maxBytes: maxBytes, maxLines: maxLines)
    }

    /// A collector config of `kind` named `name`.
    static func collector(
        _ name: String, _ kind: CollectorKind, queries: [String] = [], url: String? = nil, headers: [String: String] = [:],
        alertExpression: Bool = true, step: TimeInterval? = nil
    ) -> CollectorConfig {
        var config = CollectorConfig(name: name, kind: kind)
        config.queries = queries
        config.url = url
        config.headers = headers
        config.alertExpression = alertExpression
        config.step = step
        return config
    }
}
