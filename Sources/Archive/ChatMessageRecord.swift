import Foundation
import GRDB

/// One chat message to import, already redacted (`aftermath import slack`).
public struct NewChatMessage: Sendable, Equatable {
    /// The platform's id of the message within its channel (Slack: `ts`).
    public var messageID: String
    public var at: Date
    /// The author as people read it (display name), redacted.
    public var author: String
    /// The platform's user id, when there is one.
    public var authorID: String?
    /// The id of the thread's first message when the message belongs to a thread.
    public var threadID: String?
    /// Plain text, possibly several lines, redacted.
    public var text: String
    /// Secrets replaced in its author and text.
    public var redactions: Int

    public init(messageID: String, at: Date, author: String, authorID: String?, threadID: String?, text: String, redactions: Int) {
        self.messageID = messageID
        self.at = at
        self.author = author
        self.authorID = authorID
        self.threadID = threadID
        self.text = text
        self.redactions = redactions
    }
}

/// A channel's messages to add to an incident, once each.
public struct ChatImport: Sendable {
    /// `slack`.
    public var platform: String
    public var incidentID: String
    public var channelID: String
    /// Without `#`.
    public var channelName: String
    /// The window the messages were taken from (the transcript item's window).
    public var window: DateInterval
    /// Who imported them.
    public var importedBy: String
    /// Where they came from, for the item's request (the export's file name), redacted.
    public var origin: String
    /// In time order.
    public var messages: [NewChatMessage]

    public init(
        platform: String, incidentID: String, channelID: String, channelName: String, window: DateInterval, importedBy: String,
        origin: String, messages: [NewChatMessage]
    ) {
        self.platform = platform
        self.incidentID = incidentID
        self.channelID = channelID
        self.channelName = channelName
        self.window = window
        self.importedBy = importedBy
        self.origin = origin
        self.messages = messages
    }
}

/// What an import added: nothing when every message was there already.
public struct ChatImportResult: Sendable, Equatable {
    /// Messages added now.
    public var added: Int
    /// Messages skipped because an earlier import holds them.
    public var alreadyImported: Int
    /// Secrets replaced in the messages added.
    public var redactions: Int
    /// The transcript item holding the added messages; nil when none were added.
    public var evidenceID: String?
    /// The timeline row recording the import; nil when none were added.
    public var event: TimelineEventRecord?
}

/// A row of `chat_message`: one imported message, with the transcript line and timeline row it became.
public struct ChatMessageRecord: Codable, Sendable, Equatable, FetchableRecord, TableRecord {
    public static let databaseTableName = "chat_message"

    public var id: Int64
    public var incidentID: String
    public var platform: String
    public var channelID: String
    public var channelName: String
    public var messageID: String
    public var at: Date
    public var author: String
    public var authorID: String?
    public var threadID: String?
    public var text: String
    public var evidenceID: String
    /// The line of the transcript item the message starts on (1-based).
    public var lineNo: Int
    public var timelineEventID: Int64
    public var importedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, platform, at, author, text
        case incidentID = "incident_id", channelID = "channel_id", channelName = "channel_name", messageID = "message_id"
        case authorID = "author_id", threadID = "thread_id", evidenceID = "evidence_id", lineNo = "line_no"
        case timelineEventID = "timeline_event_id", importedAt = "imported_at"
    }
}
