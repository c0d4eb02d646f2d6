import GRDB

/// The archive's change counter for the site (`site_change_counter`, migration v11): what a site
/// build saw, so the next build can tell that nothing it shows has changed since.
public struct SiteChangeCounter: Sendable, Equatable {
    /// Rows written to tracked tables since the migration.
    public var version: Int64
    /// Random, redrawn on every such write.
    public var token: Int64

    public init(version: Int64, token: Int64) {
        self.version = version
        self.token = token
    }

    /// Tables whose writes do not bump the counter: the postmortem digests (derived from the files,
    /// which the site tracks by their own stamps), rows the site never reads (raw deliveries, the
    /// outbox, evidence staging and id allocation), and evidence lines (written with their item's
    /// row, which changes too; the site keys evidence pages on that row). FTS shadow tables and
    /// SQLite's and GRDB's own are never tracked.
    static let untracked: Set<String> = [
        "site_change_counter", "grdb_migrations", "postmortem_digest", "delivery", "notification_outbox",
        "evidence_staging", "evidence_counter", "evidence_line", "evidence_line_v4",
    ]

    static func tracks(_ table: String) -> Bool {
        !untracked.contains(table) && !table.hasPrefix("sqlite_") && !table.hasPrefix("evidence_fts")
    }
}

extension AppDatabase {
    /// Makes inserts, updates and deletes on `table` bump the site change counter.
    static func addSiteChangeTriggers(_ db: Database, table: String) throws {
        for event in ["INSERT", "UPDATE", "DELETE"] {
            try db.execute(sql: """
                CREATE TRIGGER "site_change_\(table)_\(event.lowercased())" AFTER \(event) ON "\(table)"
                BEGIN UPDATE site_change_counter SET version = version + 1, token = random() WHERE id = 1; END
                """)
        }
    }

    /// The counter now.
    public func siteChangeCounter() async throws -> SiteChangeCounter {
        try await writer.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT version, token FROM site_change_counter WHERE id = 1")
            return SiteChangeCounter(version: row?[0] ?? 0, token: row?[1] ?? 0)
        }
    }
}
