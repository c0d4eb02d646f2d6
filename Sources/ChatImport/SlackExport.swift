// ChatImport owns chat exports as files: Slack's workspace export (users.json, channels.json, one
// folder per channel of day files, message mrkdwn) and the ZIP container it comes in, and turns a
// channel's messages into redacted `NewChatMessage`s for the archive. It must not write SQL (the
// archive stores them) or decide what the postmortem or site show.

import Foundation
import Intake

/// A Slack workspace export, opened: its people and channels, and each channel's messages on demand.
public struct SlackExport {
    /// A channel (public, private or a group DM), as the export lists it.
    public struct Channel: Sendable, Equatable {
        public var id: String
        public var name: String
    }

    private let files: ExportFiles
    /// User id → the name people see.
    let people: [String: String]
    /// Every channel the export lists, in its order.
    public let channels: [Channel]

    /// Opens the export at `path` (a directory or a .zip) and reads `users.json` and the channel lists.
    public init(path: String) throws(SlackExportError) {
        files = try ExportFiles(path: path)
        guard let users = try files.read("users.json") else { throw .missingFile("users.json") }
        people = try Self.decode([SlackUser].self, users, file: "users.json").reduce(into: [:]) { $0[$1.id] = $1.shownName }
        var channels: [Channel] = []
        var listed = false
        for list in ["channels.json", "groups.json", "mpims.json"] {
            guard let bytes = try files.read(list) else { continue }
            listed = true
            channels += try Self.decode([SlackChannel].self, bytes, file: list).map { Channel(id: $0.id, name: $0.name) }
        }
        guard listed else { throw .missingFile("channels.json") }
        self.channels = channels
    }

    /// The channel called `name` (`#` optional) or with that id.
    public func channel(named name: String) throws(SlackExportError) -> Channel {
        let wanted = name.hasPrefix("#") ? String(name.dropFirst()) : name
        guard let found = channels.first(where: { $0.name == wanted }) ?? channels.first(where: { $0.id == wanted }) else {
            throw .unknownChannel(wanted, known: channels.map(\.name))
        }
        return found
    }

    /// The channel's messages whose time falls in `window` (ends included), in time order, noise
    /// (joins, leaves, archiving) left out. Day files are named in the export's time zone while
    /// each message carries a UTC time, so files a day either side of the window are read too.
    public func messages(in channel: Channel, window: DateInterval) throws(SlackExportError) -> SlackChannelMessages {
        guard !channel.name.contains("/"), !channel.name.hasPrefix("."), !channel.name.isEmpty else { throw .unsafeChannelName(channel.name) }
        guard let names = try files.files(in: channel.name) else { throw .channelFolderMissing(channel.name) }
        let first = SlackTime.day(window.start - 86_400), last = SlackTime.day(window.end + 86_400)
        var byID: [String: SlackMessage] = [:]
        var noise = 0
        let mentions = SlackText(people: people, channels: Dictionary(channels.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }))
        for name in names where name.hasSuffix(".json") {
            let day = String(name.dropLast(5))
            if SlackTime.isDay(day), day < first || day > last { continue }
            let file = channel.name + "/" + name
            guard let bytes = try files.read(file) else { continue }
            let raw = try Self.decode([SlackMessageJSON].self, bytes, file: file)
            for (index, json) in raw.enumerated() {
                guard let at = SlackTime.date(json.ts) else {
                    throw .malformed(file: file, path: "[\(index)].ts", reason: "'\(json.ts)' is not a Slack timestamp (seconds.microseconds)")
                }
                guard window.contains(at) else { continue }
                guard json.type == nil || json.type == "message", !json.isNoise else {
                    noise += 1
                    continue
                }
                guard let message = json.message(at: at, text: mentions, people: people) else { continue }
                byID[message.ts] = message
            }
        }
        let ordered = byID.values.sorted { $0.at == $1.at ? $0.ts < $1.ts : $0.at < $1.at }
        return SlackChannelMessages(messages: ordered, noiseSkipped: noise)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], file: String) throws(SlackExportError) -> T {
        do {
            return try JSONInput.decodeDocument(T.self, from: bytes)
        } catch {
            throw SlackExportError.malformed(file, error)
        }
    }
}

/// A channel's messages in a window, and how many noise messages (joins, leaves) were left out.
public struct SlackChannelMessages: Sendable, Equatable {
    public var messages: [SlackMessage]
    public var noiseSkipped: Int
}

/// One message, readable: who, when, and plain text (mentions and links resolved, entities decoded).
public struct SlackMessage: Sendable, Equatable {
    /// Slack's `ts`: the message's id within its channel.
    public var ts: String
    public var at: Date
    public var author: String
    public var authorID: String?
    /// The thread's first message's `ts`, when in a thread (equal to `ts` for that first message).
    public var threadTS: String?
    public var text: String
}
