import AftermathCore
import Archive
import Foundation
import Redaction

/// `aftermath import slack`: a channel's messages from a Slack export, over an incident's window,
/// redacted, into the archive once.
public struct SlackImporter: Sendable {
    public let database: AppDatabase
    public let redactor: Redactor
    /// `capture.lookback`: the default window starts this long before the incident.
    public let lookback: TimeInterval
    /// `capture.lookahead`: and ends this long after it resolved (or now, while it is open).
    public let lookahead: TimeInterval

    public init(database: AppDatabase, redactor: Redactor, lookback: TimeInterval, lookahead: TimeInterval) {
        self.database = database
        self.redactor = redactor
        self.lookback = lookback
        self.lookahead = lookahead
    }

    /// What an import found and did.
    public struct Outcome: Sendable, Equatable {
        public var channel: SlackExport.Channel
        public var window: DateInterval
        /// Messages in the window (noise left out).
        public var found: Int
        /// Joins, leaves and the like in the window, left out.
        public var noiseSkipped: Int
        public var result: ChatImportResult
    }

    /// The default window: the capture window, from `lookback` before the incident started until
    /// `lookahead` after it resolved (never after `now`), or until `now` while it is open.
    public func window(for incident: IncidentRecord, now: Date) -> DateInterval {
        let start = incident.startedAt - lookback
        let end = incident.resolvedAt.map { min($0 + lookahead, now) } ?? now
        return DateInterval(start: start, end: max(end, start))
    }

    /// Imports `channel` from the export at `path` into `incidentID` over `window` (default: the
    /// incident's, see `window(for:now:)`), by `importedBy`.
    public func run(
        path: String, channel name: String, incidentID: String, window requested: DateInterval?, importedBy: String, now: Date
    ) async throws -> Outcome {
        guard let incident = try await database.incident(id: incidentID)?.incident else {
            throw IncidentActionError.unknownIncident(incidentID)
        }
        let window = requested ?? window(for: incident, now: now)
        let export = try SlackExport(path: path)
        let channel = try export.channel(named: name)
        let found = try export.messages(in: channel, window: window)
        let messages = found.messages.map(redacted)
        let who = stored(importedBy).text
        let chat = ChatImport(
            platform: "slack", incidentID: incident.id, channelID: StoredText.visible(channel.id), channelName: stored(channel.name).text,
            window: window, importedBy: who, origin: stored(URL(fileURLWithPath: path).lastPathComponent).text,
            messages: messages)
        let result = try await database.importChat(chat, now: now)
        return Outcome(channel: channel, window: window, found: messages.count, noiseSkipped: found.noiseSkipped, result: result)
    }

    private func redacted(_ message: SlackMessage) -> NewChatMessage {
        let author = stored(message.author)
        let text = stored(message.text)
        return NewChatMessage(
            ChatMessage(
                messageID: StoredText.visible(message.ts), at: message.at, author: author.text,
                authorID: message.authorID.map(StoredText.visible), threadID: message.threadTS.map(StoredText.visible), text: text.text),
            redactions: author.count + text.count)
    }

    /// `text` as it is stored: `StoredText.visible` (a NUL becomes U+FFFD, never a cut), then redacted.
    private func stored(_ text: String) -> Redacted {
        redactor.redact(StoredText.visible(text))
    }
}
