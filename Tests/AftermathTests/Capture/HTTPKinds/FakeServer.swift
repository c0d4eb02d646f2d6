import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// A local HTTP server for collector tests, serving routes a test defines (a stand-in for Loki,
/// a small Prometheus API fake, or an arbitrary web page) and remembering every request.
/// No Loki is packaged on these machines, so the Loki tests use this with Loki's documented format.
enum FakeServer {
    /// One request as the server saw it.
    struct SeenRequest: Sendable {
        var path: String
        /// The raw (still percent-encoded) query string.
        var rawQuery: String
        /// Query parameters, percent-decoded.
        var parameters: [String: String]
        /// Header values by lower-cased name.
        var headers: [String: String]
    }

    /// Every request the server answered, in order.
    actor Log {
        private(set) var requests: [SeenRequest] = []

        func append(_ request: SeenRequest) { requests.append(request) }
    }

    /// Serves `routes` on a free loopback port for the duration of `body(port, log)`.
    static func run<T: Sendable>(
        routes: (Router<BasicRequestContext>) -> Void,
        _ body: @escaping @Sendable (Int, Log) async throws -> T
    ) async throws -> T {
        let log = Log()
        let router = Router()
        router.add(middleware: Recorder(log: log))
        routes(router)
        var logger = Logger(label: "fake-server")
        logger.logLevel = .warning
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        return try await app.test(.live) { client in
            let port = try #require(client.port)
            return try await body(port, log)
        }
    }

    /// Writes each request into the log before handing it on.
    struct Recorder: RouterMiddleware {
        typealias Context = BasicRequestContext
        let log: Log

        func handle(
            _ request: Request, context: Context, next: (Request, Context) async throws -> Response
        ) async throws -> Response {
            var parameters: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            await log.append(
                SeenRequest(path: request.uri.path, rawQuery: request.uri.query ?? "", parameters: parameters, headers: headers))
            return try await next(request, context)
        }
    }

    /// A response with `status`, `body` and content type.
    static func response(_ status: HTTPResponse.Status, _ body: String, contentType: String = "application/json") -> Response {
        Response(
            status: status, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
