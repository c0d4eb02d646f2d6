import GRDB

extension AppDatabase {
    /// Append-only: once a migration has shipped, it never changes; add a new one instead.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-intake") { db in
            try db.execute(sql: """
                CREATE TABLE delivery (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    source TEXT NOT NULL,
                    dedup_key TEXT NOT NULL,
                    received_at DATETIME NOT NULL,
                    headers TEXT NOT NULL,
                    body BLOB NOT NULL,
                    body_sha256 TEXT NOT NULL,
                    disposition TEXT NOT NULL,
                    error TEXT,
                    UNIQUE (source, dedup_key)
                );
                CREATE INDEX delivery_disposition ON delivery (disposition, received_at);

                CREATE TABLE incident (
                    id TEXT PRIMARY KEY NOT NULL,
                    title TEXT NOT NULL,
                    source TEXT NOT NULL,
                    status TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    services TEXT NOT NULL,
                    labels TEXT NOT NULL,
                    link TEXT,
                    started_at DATETIME NOT NULL,
                    acknowledged_at DATETIME,
                    resolved_at DATETIME,
                    created_at DATETIME NOT NULL,
                    updated_at DATETIME NOT NULL
                );
                CREATE INDEX incident_started ON incident (started_at);

                CREATE TABLE incident_key (
                    key TEXT NOT NULL,
                    incident_id TEXT NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
                    role TEXT NOT NULL,
                    PRIMARY KEY (key, incident_id)
                );
                CREATE INDEX incident_key_incident ON incident_key (incident_id);

                CREATE TABLE alert (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    incident_id TEXT NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
                    correlation_key TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    starts_at DATETIME NOT NULL,
                    ends_at DATETIME,
                    status TEXT NOT NULL,
                    name TEXT NOT NULL,
                    labels TEXT NOT NULL,
                    annotations TEXT NOT NULL,
                    generator_url TEXT,
                    UNIQUE (correlation_key, fingerprint, starts_at)
                );
                CREATE INDEX alert_incident ON alert (incident_id);

                CREATE TABLE timeline_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    incident_id TEXT NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
                    at DATETIME NOT NULL,
                    kind TEXT NOT NULL,
                    source TEXT NOT NULL,
                    actor TEXT,
                    text TEXT NOT NULL,
                    delivery_id INTEGER REFERENCES delivery (id),
                    created_at DATETIME NOT NULL
                );
                CREATE INDEX timeline_incident ON timeline_event (incident_id, at);

                CREATE TABLE delivery_incident (
                    delivery_id INTEGER NOT NULL REFERENCES delivery (id),
                    incident_id TEXT NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
                    PRIMARY KEY (delivery_id, incident_id)
                );
                CREATE INDEX delivery_incident_incident ON delivery_incident (incident_id);
                """)
        }
        return migrator
    }
}
