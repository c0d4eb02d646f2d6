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

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ in
            var failing = health.failing
            do {
                try await database.checkReadable()
            } catch {
                failing["archive"] = HealthBoard.Failure(error: "archive unreadable: \(error)", since: Date(), count: 1)
            }
            guard !failing.isEmpty else { return JSONResponse.make(.ok, ["status": "ok"]) }
            let parts = failing.keys.sorted()
            var details: [String: any Sendable] = [:]
            for part in parts {
                let failure = failing[part]!
                details[part] = ["error": failure.error, "since": Timestamp.format(failure.since), "failures": failure.count] as [String: any Sendable]
            }
            return JSONResponse.make(.serviceUnavailable, [
                "status": "failing",
                "error": parts.map { "\($0): \(failing[$0]!.error)" }.joined(separator: "; "),
                "failing": details,
            ])
        }
    }
}
