import Archive
import Hummingbird

/// `GET /healthz`: the server answers and the archive can be read.
struct HealthController: Sendable {
    let database: AppDatabase

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ in
            do {
                _ = try await database.writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
                return JSONResponse.make(.ok, ["status": "ok"])
            } catch {
                return JSONResponse.error(.serviceUnavailable, "archive unreadable: \(error)")
            }
        }
    }
}
import GRDB
