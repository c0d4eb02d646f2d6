import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// A chat incoming webhook on a free loopback port, for notification tests: it answers each POST to
/// `/hook` as `answer(n)` says (n counts requests from 1) and remembers every body and answer.
enum NotificationReceiver {
    /// How the receiver answers one request.
    enum Answer: Sendable {
        case status(HTTPResponse.Status, body: String = "")
        /// Holds the request this long before answering 200 (a hung receiver).
        case hang(seconds: Double)
    }

    /// One request as the receiver saw it.
    struct Received: Sendable {
        var body: String
        var headers: [String: String]
        /// The status it was answered with (nil while still held).
        var answered: Int?

        /// The body as a JSON object.
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }
    }

    /// Every request, in arrival order.
    actor Log {
        private(set) var requests: [Received] = []

        func arrived(_ request: Received) -> Int {
            requests.append(request)
            return requests.count
        }

        func answered(_ n: Int, _ status: Int) { requests[n - 1].answered = status }

        /// The bodies answered 2xx.
        var accepted: [Received] { requests.filter { ($0.answered ?? 0) / 100 == 2 } }
    }

    /// Serves on 127.0.0.1 for the duration of `body(url, log)`; `url` is the hook's address.
    static func run<T: Sendable>(
        answer: @escaping @Sendable (Int) -> Answer,
        _ body: @escaping @Sendable (String, Log) async throws -> T
    ) async throws -> T {
        let log = Log()
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let n = await log.arrived(Received(body: String(buffer: bytes), headers: headers))
            switch answer(n) {
            case .status(let status, let text):
                await log.answered(n, Int(status.code))
                return Response(status: status, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
            case .hang(let seconds):
                try? await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                await log.answered(n, 200)
                return Response(status: .ok)
            }
        }
        var logger = Logger(label: "notification-receiver")
        logger.logLevel = .warning
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        return try await app.test(.live) { client in
            let port = try #require(client.port)
            return try await body("http://127.0.0.1:\(port)/hook", log)
        }
    }
}
