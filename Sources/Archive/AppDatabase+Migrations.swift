import Foundation
import GRDB

extension AppDatabase {
    /// Append-only: once a migration has shipped, it never changes; add a new one instead.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-intake") { db in
            try db.execute(sql: """
                CREATE TABLE delivery (
                    id INTEGER PRIMARY KEY,
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
                    id INTEGER PRIMARY KEY,
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
                    id INTEGER PRIMARY KEY,
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
        migrator.registerMigration("v2-capture") { db in
            try db.execute(sql: """
                CREATE TABLE capture (
                    id INTEGER PRIMARY KEY,
                    incident_id TEXT REFERENCES incident (id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    window_start DATETIME NOT NULL,
                    window_end DATETIME NOT NULL,
                    labels TEXT NOT NULL,
                    alerts TEXT NOT NULL,
                    requested_by TEXT NOT NULL,
                    requested_at DATETIME NOT NULL,
                    run_after DATETIME NOT NULL,
                    finished_at DATETIME,
                    manifest TEXT,
                    manifest_sha256 TEXT
                );
                CREATE INDEX capture_incident ON capture (incident_id);

                CREATE TABLE capture_job (
                    id INTEGER PRIMARY KEY,
                    capture_id INTEGER NOT NULL REFERENCES capture (id) ON DELETE CASCADE,
                    collector TEXT NOT NULL,
                    host TEXT,
                    refusal TEXT,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    max_attempts INTEGER NOT NULL,
                    run_after DATETIME NOT NULL,
                    lease_until DATETIME,
                    lease_token TEXT,
                    last_error TEXT,
                    created_at DATETIME NOT NULL,
                    started_at DATETIME,
                    finished_at DATETIME
                );
                CREATE INDEX capture_job_ready ON capture_job (state, run_after);
                CREATE INDEX capture_job_capture ON capture_job (capture_id);

                CREATE TABLE evidence (
                    id TEXT PRIMARY KEY NOT NULL,
                    seq INTEGER NOT NULL UNIQUE,
                    job_id INTEGER NOT NULL REFERENCES capture_job (id),
                    ordinal INTEGER NOT NULL,
                    capture_id INTEGER NOT NULL REFERENCES capture (id),
                    incident_id TEXT,
                    collector TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    host TEXT,
                    request TEXT NOT NULL,
                    window_start DATETIME NOT NULL,
                    window_end DATETIME NOT NULL,
                    status TEXT NOT NULL,
                    error TEXT,
                    exit_code INTEGER,
                    content BLOB NOT NULL,
                    content_type TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    sha256 TEXT NOT NULL,
                    redactions INTEGER NOT NULL,
                    line_count INTEGER NOT NULL,
                    started_at DATETIME NOT NULL,
                    finished_at DATETIME NOT NULL,
                    stored_at DATETIME NOT NULL,
                    prev_hash TEXT NOT NULL,
                    chain_hash TEXT NOT NULL,
                    UNIQUE (job_id, ordinal)
                );
                CREATE INDEX evidence_incident ON evidence (incident_id, seq);
                CREATE INDEX evidence_capture ON evidence (capture_id);

                CREATE TABLE evidence_line (
                    id INTEGER PRIMARY KEY,
                    evidence_id TEXT NOT NULL REFERENCES evidence (id),
                    incident_id TEXT,
                    line_no INTEGER NOT NULL,
                    ts DATETIME,
                    source TEXT NOT NULL,
                    text TEXT NOT NULL
                );
                CREATE INDEX evidence_line_evidence ON evidence_line (evidence_id, line_no);
                CREATE VIRTUAL TABLE evidence_fts USING fts5 (text, content = 'evidence_line', content_rowid = 'id');

                CREATE TABLE chain_head (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    seq INTEGER NOT NULL,
                    hash TEXT NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3-postmortem") { db in
            try db.execute(sql: """
                CREATE TABLE postmortem (
                    incident_id TEXT PRIMARY KEY NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
                    file TEXT UNIQUE,
                    due_at DATETIME,
                    due_reason TEXT,
                    written_at DATETIME,
                    written_sha256 TEXT,
                    document_status TEXT,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    created_at DATETIME NOT NULL,
                    updated_at DATETIME NOT NULL
                );
                CREATE INDEX postmortem_due ON postmortem (due_at);

                CREATE TABLE postmortem_revision (
                    id INTEGER PRIMARY KEY,
                    incident_id TEXT NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
                    file TEXT NOT NULL,
                    at DATETIME NOT NULL,
                    author TEXT NOT NULL,
                    origin TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    sha256 TEXT NOT NULL,
                    content TEXT NOT NULL,
                    diff TEXT NOT NULL
                );
                CREATE INDEX postmortem_revision_incident ON postmortem_revision (incident_id, id);
                """)
        }
        migrator.registerMigration("v4-longevity") { db in
            try db.execute(sql: """
                CREATE TABLE archive_identity (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    archive_id TEXT NOT NULL,
                    created_at DATETIME NOT NULL
                );
                INSERT INTO archive_identity (id, archive_id, created_at)
                    VALUES (1, lower(hex(randomblob(16))), strftime('%Y-%m-%d %H:%M:%f', 'now'));

                ALTER TABLE evidence ADD COLUMN content_removed_at DATETIME;
                ALTER TABLE evidence ADD COLUMN content_removed_by TEXT;
                ALTER TABLE delivery ADD COLUMN body_removed_at DATETIME;
                CREATE INDEX evidence_stored ON evidence (stored_at) WHERE content_removed_at IS NULL;
                CREATE INDEX delivery_received ON delivery (received_at) WHERE body_removed_at IS NULL;

                CREATE TABLE retention_run (
                    id INTEGER PRIMARY KEY,
                    started_at DATETIME NOT NULL,
                    finished_at DATETIME,
                    policy TEXT NOT NULL,
                    evidence_removed INTEGER NOT NULL DEFAULT 0,
                    lines_removed INTEGER NOT NULL DEFAULT 0,
                    deliveries_removed INTEGER NOT NULL DEFAULT 0,
                    bytes_removed INTEGER NOT NULL DEFAULT 0,
                    pages_freed INTEGER NOT NULL DEFAULT 0
                );

                CREATE TABLE evidence_origin (
                    evidence_id TEXT PRIMARY KEY NOT NULL REFERENCES evidence (id),
                    bundle_digest TEXT NOT NULL,
                    origin_archive TEXT NOT NULL,
                    origin_id TEXT NOT NULL,
                    origin_seq INTEGER NOT NULL,
                    origin_prev_hash TEXT NOT NULL,
                    origin_chain_hash TEXT NOT NULL,
                    origin_metadata TEXT NOT NULL
                );

                CREATE TABLE bundle_import (
                    id INTEGER PRIMARY KEY,
                    digest TEXT NOT NULL UNIQUE,
                    origin_archive TEXT NOT NULL,
                    origin_incident TEXT NOT NULL,
                    incident_id TEXT NOT NULL REFERENCES incident (id),
                    imported_at DATETIME NOT NULL,
                    evidence_ids TEXT NOT NULL,
                    UNIQUE (origin_archive, origin_incident)
                );

                CREATE TABLE bundle_export (
                    id INTEGER PRIMARY KEY,
                    digest TEXT NOT NULL,
                    incident_id TEXT NOT NULL,
                    exported_at DATETIME NOT NULL,
                    file TEXT NOT NULL,
                    evidence_count INTEGER NOT NULL
                );
                CREATE INDEX bundle_export_digest ON bundle_export (digest);
                """)
        }
        migrator.registerMigration("v5-evidence-staging") { db in
            // Item ids are reserved before their lines are written in chunks (the chain's seq is
            // only assigned when the set commits); staging rows name the attempt that wrote them.
            try db.execute(sql: """
                CREATE TABLE evidence_counter (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    next INTEGER NOT NULL
                );
                INSERT INTO evidence_counter (id, next) SELECT 1, coalesce(max(seq), 0) + 1 FROM evidence;

                CREATE TABLE evidence_staging (
                    evidence_id TEXT PRIMARY KEY NOT NULL,
                    job_id INTEGER NOT NULL,
                    lease_token TEXT NOT NULL
                );
                CREATE INDEX evidence_staging_job ON evidence_staging (job_id);

                -- Staged lines come before their item, so a line can no longer reference it by a
                -- foreign key (SQLite cannot drop one: the table is rebuilt, ids kept for FTS).
                CREATE TABLE evidence_line_v4 (
                    id INTEGER PRIMARY KEY,
                    evidence_id TEXT NOT NULL,
                    incident_id TEXT,
                    line_no INTEGER NOT NULL,
                    ts DATETIME,
                    source TEXT NOT NULL,
                    text TEXT NOT NULL
                );
                INSERT INTO evidence_line_v4 (id, evidence_id, incident_id, line_no, ts, source, text)
                    SELECT id, evidence_id, incident_id, line_no, ts, source, text FROM evidence_line;
                DROP TABLE evidence_line;
                ALTER TABLE evidence_line_v4 RENAME TO evidence_line;
                CREATE INDEX evidence_line_evidence ON evidence_line (evidence_id, line_no);

                -- Ids no longer follow seq, so the head names its last item for `verify`.
                ALTER TABLE chain_head ADD COLUMN last_id TEXT;
                UPDATE chain_head SET last_id = 'ev-' || seq;
                """)
        }
        migrator.registerMigration("v6-analysis") { db in
            // Derived facts the insights and "seen before" read with SQL instead of re-reading files:
            // what each postmortem file says (summary, action items, status) and each incident's
            // detection lead; plus the indexes their queries need.
            try db.execute(sql: """
                CREATE TABLE postmortem_digest (
                    file TEXT PRIMARY KEY NOT NULL,
                    incident_id TEXT,
                    modified INTEGER NOT NULL,
                    size INTEGER NOT NULL,
                    status TEXT,
                    summary TEXT,
                    actions_open INTEGER NOT NULL DEFAULT 0,
                    actions_done INTEGER NOT NULL DEFAULT 0,
                    open_actions TEXT NOT NULL DEFAULT '[]',
                    read_at DATETIME NOT NULL
                );
                CREATE INDEX postmortem_digest_incident ON postmortem_digest (incident_id, file);

                CREATE TABLE incident_detection (
                    incident_id TEXT PRIMARY KEY NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
                    alert_name TEXT,
                    alert_fired_at DATETIME NOT NULL,
                    signal_at DATETIME,
                    lead_seconds REAL,
                    signal_kind TEXT,
                    signal_source TEXT,
                    evidence_id TEXT,
                    computed_at DATETIME NOT NULL
                );

                CREATE INDEX alert_name ON alert (name, incident_id);
                CREATE INDEX timeline_kind ON timeline_event (kind, incident_id);
                """)
        }
        migrator.registerMigration("v7-changes") { db in
            // Deploys, rollbacks, config and feature-flag changes: their own record, not incidents'.
            // (source, dedup_key) makes a change recorded twice (a webhook redelivered) one row.
            try db.execute(sql: """
                CREATE TABLE change_event (
                    id INTEGER PRIMARY KEY,
                    source TEXT NOT NULL,
                    dedup_key TEXT NOT NULL,
                    service TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    version TEXT NOT NULL,
                    actor TEXT,
                    at DATETIME NOT NULL,
                    link TEXT,
                    status TEXT,
                    environment TEXT,
                    delivery_id INTEGER REFERENCES delivery (id),
                    created_at DATETIME NOT NULL,
                    UNIQUE (source, dedup_key)
                );
                CREATE INDEX change_event_service ON change_event (service, at);
                CREATE INDEX change_event_at ON change_event (at);
                """)
        }
        migrator.registerMigration("v8-statuspage-notify") { db in
            // Status page follow-through: what each linked Statuspage incident or component last
            // said, per Aftermath incident. Outgoing notifications: one row per event and target,
            // kept until sent or given up, so a restart resends what was pending.
            try db.execute(sql: """
                CREATE TABLE statuspage_link (
                    incident_id TEXT NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    page_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    status TEXT NOT NULL,
                    settled INTEGER NOT NULL,
                    status_at DATETIME NOT NULL,
                    open_since DATETIME,
                    delivery_id INTEGER REFERENCES delivery (id),
                    updated_at DATETIME NOT NULL,
                    PRIMARY KEY (incident_id, kind, page_id)
                );
                CREATE INDEX statuspage_link_open ON statuspage_link (settled, incident_id);

                CREATE TABLE notification_outbox (
                    id INTEGER PRIMARY KEY,
                    target TEXT NOT NULL,
                    event TEXT NOT NULL,
                    event_key TEXT NOT NULL,
                    incident_id TEXT REFERENCES incident (id) ON DELETE CASCADE,
                    text TEXT NOT NULL,
                    link TEXT,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at DATETIME,
                    last_error TEXT,
                    created_at DATETIME NOT NULL,
                    finished_at DATETIME,
                    UNIQUE (target, event_key)
                );
                CREATE INDEX notification_outbox_pending ON notification_outbox (state, next_attempt_at);
                """)
        }
        migrator.registerMigration("v9-chat") { db in
            // Chat messages imported into an incident (`aftermath import slack`): one row per message,
            // unique per incident, platform, channel and the platform's message id, so an import
            // repeated adds nothing. The text also lives in the transcript item it cites.
            try db.execute(sql: """
                CREATE TABLE chat_message (
                    id INTEGER PRIMARY KEY,
                    incident_id TEXT NOT NULL REFERENCES incident (id),
                    platform TEXT NOT NULL,
                    channel_id TEXT NOT NULL,
                    channel_name TEXT NOT NULL,
                    message_id TEXT NOT NULL,
                    at DATETIME NOT NULL,
                    author TEXT NOT NULL,
                    author_id TEXT,
                    thread_id TEXT,
                    text TEXT NOT NULL,
                    evidence_id TEXT NOT NULL REFERENCES evidence (id),
                    line_no INTEGER NOT NULL,
                    timeline_event_id INTEGER NOT NULL REFERENCES timeline_event (id),
                    imported_at DATETIME NOT NULL,
                    UNIQUE (incident_id, platform, channel_id, message_id)
                );
                CREATE INDEX chat_message_incident ON chat_message (incident_id, at);
                """)
        }
        migrator.registerMigration("v11-site-change-counter") { db in
            // One row the site build keys its kept plan on: every row written to a table the site
            // shows bumps `version` and draws a new random `token` (a restored backup that then
            // diverges never repeats a token). Tables created by later migrations add the triggers
            // with `addSiteChangeTriggers`.
            try db.execute(sql: """
                CREATE TABLE site_change_counter (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    version INTEGER NOT NULL,
                    token INTEGER NOT NULL
                );
                INSERT INTO site_change_counter (id, version, token) VALUES (1, 0, random());
                """)
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            where SiteChangeCounter.tracks(table) {
                try addSiteChangeTriggers(db, table: table)
            }
        }
        migrator.registerMigration("v12-evidence-lines-once") { db in
            // Each item's bytes stored once: content that is exactly its indexed lines joined by LF
            // (with or without a final LF) is emptied and `content_lines` says how to rebuild it;
            // `sha256` and `size` stay those of the content, so the chain is unchanged.
            // The full-text index keeps no per-line sizes (`columnsize=0`: only BM25 ranking reads
            // them, and search orders by recency), so it is rebuilt once over the same rows.
            try db.execute(sql: """
                ALTER TABLE evidence ADD COLUMN content_lines INTEGER NOT NULL DEFAULT 0;
                DROP TABLE evidence_fts;
                CREATE VIRTUAL TABLE evidence_fts USING fts5 (text, content = 'evidence_line', content_rowid = 'id', columnsize = 0);
                INSERT INTO evidence_fts (evidence_fts) VALUES ('rebuild');
                """)
            let items = try String.fetchAll(
                db, sql: "SELECT id FROM evidence WHERE content_removed_at IS NULL AND line_count > 0 ORDER BY seq")
            for id in items {
                let content = try Data.fetchOne(db, sql: "SELECT content FROM evidence WHERE id = ?", arguments: [id]) ?? Data()
                let layout = EvidenceContentLayout.of(content, lines: try lineTexts(db, evidenceID: id))
                guard layout != .blob else { continue }
                try db.execute(
                    sql: "UPDATE evidence SET content = x'', content_lines = ? WHERE id = ?", arguments: [layout.rawValue, id])
            }
        }
        migrator.registerMigration("v13-fts-automerge") { db in
            // Each stored chunk of lines becomes one small FTS5 segment; merging them 32 at a time
            // (the forced "crisis" merge too) instead of FTS5's default 4 (and 16) rewrites each
            // entry fewer times: about a quarter less CPU per stored line (bench/ingest.sh), while
            // queries stay as fast. Settings kept in the index's own config rows: no table changes.
            try db.execute(sql: """
                INSERT INTO evidence_fts (evidence_fts, rank) VALUES ('automerge', 32);
                INSERT INTO evidence_fts (evidence_fts, rank) VALUES ('crisismerge', 32);
                """)
        }
        return migrator
    }
}
