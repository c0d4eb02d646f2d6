import Foundation
import GRDB

/// One chat message as its platform gives it.
public struct ChatMessage: Sendable, Equatable {
    /// The platform's id of the message within its channel (Slack: `ts`).
    public var messageID: String
    public var at: Date
    /// The author as people read it (display name).
    public var author: String
    /// The platform's user id, when there is one.
    public var authorID: String?
    /// The id of the thread's first message when the message belongs to a thread.
    public var threadID: String?
    /// Plain text, possibly several lines.
    public var text: String

    public init(messageID: String, at: Date, author: String, authorID: String?, threadID: String?, text: String) {
        self.messageID = messageID
        self.at = at
        self.author = author
        self.authorID = authorID
        self.threadID = threadID
        self.text = text
    }

    /// A reply in a thread (not the thread's first message): transcripts, timelines and
    /// postmortems mark it `(thread)`.
    public var isThreadReply: Bool { threadID.map { $0 != messageID } ?? false }
}

/// One chat message to import, its author and text already redacted (`aftermath import slack`).
@dynamicMemberLookup
public struct NewChatMessage: Sendable, Equatable {
    public var message: ChatMessage
    /// Secrets replaced in its author and text.
    public var redactions: Int

    public init(_ message: ChatMessage, redactions: Int) {
        self.message = message
        self.redactions = redactions
    }

    public subscript<Value>(dynamicMember field: KeyPath<ChatMessage, Value>) -> Value { message[keyPath: field] }
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

/// A row of `chat_message`: one imported message, with the transcript line and timeline row it
/// became. The message's fields read as the record's own (`record.author`).
@dynamicMemberLookup
public struct ChatMessageRecord: Sendable, Equatable, FetchableRecord, TableRecord {
    public static let databaseTableName = "chat_message"

    public var id: Int64
    public var incidentID: String
    public var platform: String
    public var channelID: String
    public var channelName: String
    public var message: ChatMessage
    public var evidenceID: String
    /// The line of the transcript item the message starts on (1-based).
    public var lineNo: Int
    public var timelineEventID: Int64
    public var importedAt: Date

    public subscript<Value>(dynamicMember field: KeyPath<ChatMessage, Value>) -> Value { message[keyPath: field] }

    public init(row: Row) {
        id = row["id"]
        incidentID = row["incident_id"]
        platform = row["platform"]
        channelID = row["channel_id"]
        channelName = row["channel_name"]
        message = ChatMessage(
            messageID: row["message_id"], at: row["at"], author: row["author"], authorID: row["author_id"], threadID: row["thread_id"],
            text: row["text"])
        evidenceID = row["evidence_id"]
        lineNo = row["line_no"]
        timelineEventID = row["timeline_event_id"]
        importedAt = row["imported_at"]
    }
}
