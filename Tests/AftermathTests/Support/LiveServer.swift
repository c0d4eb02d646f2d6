import Foundation
import Hummingbird
import Server

/// Runs the real server in-process on a free loopback port for the duration of `body`.
func withLiveServer<T: Sendable>(
    _ deps: ServerDependencies,
    _ body: @escaping @Sendable (Int) async throws -> T
) async throws -> T {
    var deps = deps
    deps.config.server.host = "127.0.0.1"
    deps.config.server.port = 0
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let app = try AftermathServer.buildApplication(deps) { _, port in continuation.yield(port) }
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            try await app.run()
            return nil
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        let result = try await body(port)
        group.cancelAll()
        return result
    }
}
