import AftermathCore
import Foundation
import GRDB

extension AppDatabase {
    /// Adds a channel's messages to an incident in one transaction: the ones not imported before
    /// become one transcript item (kind `chat`, in its own capture, hashed and chained like any
    /// evidence), one timeline row each (kind `chat_message`) and one `chat_import` row naming the
    /// count, the channel, who imported them and the item. Messages already imported into the
    /// incident (same platform, channel and message id) are skipped; when none is new, nothing changes.
    public func importChat(_ chat: ChatImport, now: Date) async throws -> ChatImportResult {
        try await writer.write { db in
            guard try IncidentRecord.exists(db, key: chat.incidentID) else {
                throw IncidentActionError.unknownIncident(chat.incidentID)
            }
            let known = Set(try String.fetchAll(db, sql: """
                SELECT message_id FROM chat_message WHERE incident_id = ? AND platform = ? AND channel_id = ?
                """, arguments: [chat.incidentID, chat.platform, chat.channelID]))
            var seen = known
            let fresh = chat.messages.filter { seen.insert($0.messageID).inserted }
            guard !fresh.isEmpty else {
                return ChatImportResult(added: 0, alreadyImported: chat.messages.count, redactions: 0, evidenceID: nil, event: nil)
            }
            let channel = "#" + chat.channelName
            let transcript = ChatTranscript.render(fresh, channel: channel)
            let item = NewEvidence(
                kind: .chat, name: channel, host: nil,
                request: ["platform": chat.platform, "channel": channel, "channel_id": chat.channelID, "export": chat.origin],
                status: .ok, error: nil, exitCode: nil, content: Data(transcript.content.utf8), contentType: "text/plain; charset=utf-8",
                redactions: fresh.reduce(0) { $0 + $1.redactions }, lines: transcript.lines, startedAt: now, finishedAt: now)

            let plan = PlannedCapture(
                incidentID: chat.incidentID, kind: .chat, window: chat.window,
                labels: ["platform": chat.platform, "channel": channel], alertsJSON: "[]", requestedBy: chat.importedBy,
                requestedAt: now, runAfter: now, maxAttempts: 1, jobs: [])
            let captureID = try Self.insertCapture(db, plan)
            try db.execute(sql: """
                INSERT INTO capture_job (capture_id, collector, host, state, attempts, max_attempts, run_after, created_at, started_at, finished_at)
                VALUES (?, ?, NULL, 'done', 1, 1, ?, ?, ?, ?)
                """, arguments: [captureID, chat.platform, now, now, now, now])
            guard let job = try CaptureJobRecord.fetchOne(db, key: db.lastInsertedRowID),
                  let capture = try CaptureRecord.fetchOne(db, key: captureID) else {
                throw DatabaseError(message: "the chat import's capture \(captureID) vanished inside its own transaction")
            }
            guard let id = try Self.reserveEvidenceIDs(db, count: 1).first else {
                throw DatabaseError(message: "no evidence id could be reserved")
            }
            try Self.indexLines(db, evidenceID: id, incidentID: chat.incidentID, lines: transcript.lines[...])
            var (seq, previous) = try EvidenceChain.head(db)
            seq += 1
            previous = try Self.insertEvidence(db, id: id, seq: seq, job: job, capture: capture, ordinal: 0, item: item, previous: previous, now: now)
            try EvidenceChain.setHead(db, seq: seq, hash: previous, lastID: id)
            // Finished at once, with its manifest; its timeline row is the import's own, below.
            _ = try Self.finishCapture(db, capture, now: now)

            for (message, line) in zip(fresh, transcript.firstLines) {
                var event = TimelineEventRecord(
                    id: nil, incidentID: chat.incidentID, at: message.at, kind: .chatMessage, source: chat.platform,
                    actor: message.author, text: Self.chatTimelineText(message), deliveryID: nil, createdAt: now)
                try event.insert(db)
                try db.execute(sql: """
                    INSERT INTO chat_message (incident_id, platform, channel_id, channel_name, message_id, at, author, author_id,
                        thread_id, text, evidence_id, line_no, timeline_event_id, imported_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [
                        chat.incidentID, chat.platform, chat.channelID, chat.channelName, message.messageID, message.at,
                        message.author, message.authorID, message.threadID, message.text, id, line, event.id, now,
                    ])
            }
            let platform = chat.platform.prefix(1).uppercased() + chat.platform.dropFirst()
            var event = TimelineEventRecord(
                id: nil, incidentID: chat.incidentID, at: now, kind: .chatImport, source: "cli", actor: chat.importedBy,
                text: "Imported \(fresh.count) \(platform) message\(fresh.count == 1 ? "" : "s") from \(channel) by \(chat.importedBy) [\(id)]",
                deliveryID: nil, createdAt: now)
            try event.insert(db)
            return ChatImportResult(
                added: fresh.count, alreadyImported: chat.messages.count - fresh.count, redactions: item.redactions, evidenceID: id, event: event)
        }
    }

    /// The chat messages imported into an incident, in time order.
    public func chatMessages(incidentID: String) async throws -> [ChatMessageRecord] {
        try await writer.read { db in
            try ChatMessageRecord.filter(Column("incident_id") == incidentID).order(Column("at"), Column("id")).fetchAll(db)
        }
    }

    /// A message as its timeline row shows it: one line, a thread reply marked.
    static func chatTimelineText(_ message: NewChatMessage) -> String {
        let text = SingleLine.bounded(message.text, limit: maximumNoteLength)
        return message.isThreadReply ? "(thread) " + text : text
    }
}
