import AftermathCore
import Archive
import Foundation
import Hummingbird

/// `GET /healthz`: 200 `{"status":"ok"}` while the archive can be read and every background part
/// (intake commits, capture, postmortems, site) works; otherwise 503 naming each failing part with
/// its error and since when, so a monitor can tell which one. 200 again once they recover.
struct HealthController: Sendable {
    let database: AppDatabase
    let health: HealthBoard
    let clock: any WallClock

    /// The answer: `status` alone while healthy; otherwise also one line naming every failing part.
    struct Answer: Encodable {
        let status: String
        var error: String?
        var failing: [String: Part]?
    }

    /// One failing part: its latest error, when it first failed and how often since.
    struct Part: Encodable {
        let error: String
        let since: String
        let failures: Int
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ in
            var failing = health.failing
            do {
                try await database.checkReadable()
            } catch {
                failing["archive"] = HealthBoard.Failure(error: "archive unreadable: \(error)", since: clock.now(), count: 1)
            }
            guard !failing.isEmpty else { return JSONResponse.make(.ok, Answer(status: "ok")) }
            return JSONResponse.make(.serviceUnavailable, Answer(
                status: "failing",
                error: failing.keys.sorted().map { "\($0): \(failing[$0]!.error)" }.joined(separator: "; "),
                failing: failing.mapValues { Part(error: $0.error, since: Timestamp.format($0.since), failures: $0.count) }))
        }
    }
}
