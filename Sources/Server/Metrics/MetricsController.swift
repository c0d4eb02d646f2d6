import AftermathCore
import Archive
import Foundation
import Hummingbird
import NIOCore
import Settings

/// `GET /metrics`: the Prometheus text format. The same rule as the API (`ReaderAccess`): with
/// `api.bearer_token_*` a scraper must send `Authorization: Bearer <token>`; without one,
/// `/metrics` answers only direct requests while the server listens on loopback.
struct MetricsController: Sendable {
    let metrics: ServerMetrics
    let database: AppDatabase
    let clock: any WallClock
    /// Which resolved incidents count as flagged for their status page (`statuspage.reminder_after`).
    let statusPage: StatusPageTiming
    /// Who may scrape: the API's bearer token, or without one only direct requests on loopback.
    let access: ReaderAccess

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/metrics") { request, _ in
            if let refusal = access.refusal(request) { return refusal }
            do {
                metrics.refresh(try await database.metrics(now: clock.now(), statusPage: statusPage))
            } catch {
                return JSONResponse.error(.serviceUnavailable, "archive unreadable: \(error)")
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
        }
    }
}
