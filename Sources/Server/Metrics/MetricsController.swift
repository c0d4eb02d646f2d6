import AftermathCore
import Archive
import Foundation
import Hummingbird
import NIOCore
import Settings

/// `GET /metrics`: the Prometheus text format. The same rule as the API: with `api.bearer_token_*`
/// a scraper must send `Authorization: Bearer <token>`; without one, `/metrics` answers only while
/// the server listens on loopback.
struct MetricsController: Sendable {
    let metrics: ServerMetrics
    let database: AppDatabase
    let clock: any WallClock
    /// The API's bearer token (`api.bearer_token_file` / `_env`), if configured.
    let bearerToken: String?
    /// Whether the server listens on loopback only (`server.listen`).
    let listensOnLoopback: Bool

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/metrics") { request, _ in
            if let refusal = authenticate(request) { return refusal }
            do {
                metrics.refresh(try await database.metrics(now: clock.now()))
            } catch {
                return JSONResponse.error(.serviceUnavailable, "archive unreadable: \(error)")
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
        }
    }

    /// Nil when the scrape may proceed; otherwise the answer refusing it.
    func authenticate(_ request: Request) -> Response? {
        guard let expected = bearerToken, !expected.isEmpty else {
            return listensOnLoopback ? nil
                : JSONResponse.error(.forbidden, "/metrics needs a bearer token (api.bearer_token_file) when the server listens beyond loopback")
        }
        let parts = (request.headers[.authorization] ?? "").split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return JSONResponse.error(.unauthorized, "expected Authorization: Bearer credentials", headers: [.wwwAuthenticate: "Bearer realm=\"aftermath\""])
        }
        guard NotesController.constantTimeEqual(parts[1].trimmingCharacters(in: .whitespaces), expected) else {
            return JSONResponse.error(.forbidden, "wrong Bearer credentials")
        }
        return nil
    }
}
