import Foundation

/// A person in `users.json`: shown by their display name, else their real name, else their handle.
struct SlackUser: Decodable {
    struct Profile: Decodable {
        var display_name: String?
        var real_name: String?
    }

    var id: String
    var name: String?
    var real_name: String?
    var profile: Profile?

    var shownName: String {
        Self.firstNonBlank([profile?.display_name, profile?.real_name, real_name, name]) ?? id
    }

    static func firstNonBlank(_ names: [String?]) -> String? {
        names.lazy.compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }.first { !$0.isEmpty }
    }
}

/// A channel in `channels.json` (or `groups.json`, `mpims.json`).
struct SlackChannel: Decodable {
    var id: String
    var name: String
}

/// A message in a day file, as Slack writes it; only what the import reads.
struct SlackMessageJSON: Decodable {
    struct Named: Decodable {
        var name: String?
        var title: String?
        var display_name: String?
        var real_name: String?
    }

    struct Attachment: Decodable {
        var fallback: String?
        var text: String?
        var title: String?
    }

    var type: String?
    var subtype: String?
    var ts: String
    var user: String?
    var text: String?
    var thread_ts: String?
    var user_profile: Named?
    var bot_id: String?
    var bot_profile: Named?
    var username: String?
    var files: [Named]?
    var attachments: [Attachment]?
    var hidden: Bool?

    /// Subtypes that record the channel's membership or state, not anything anyone said.
    static let noiseSubtypes: Set<String> = [
        "channel_join", "channel_leave", "group_join", "group_leave", "channel_archive", "channel_unarchive",
        "group_archive", "group_unarchive", "bot_add", "bot_remove", "tombstone", "message_deleted",
    ]

    var isNoise: Bool { hidden == true || subtype.map(Self.noiseSubtypes.contains) == true }

    /// The message as read: author resolved, text plain, files and attachments named. Nil when it
    /// says nothing (no text, no file, no attachment).
    func message(at: Date, text mentions: SlackText, people: [String: String]) -> SlackMessage? {
        var parts: [String] = []
        if let text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { parts.append(mentions.plain(text)) }
        if parts.isEmpty {
            for attachment in attachments ?? [] {
                if let line = SlackUser.firstNonBlank([attachment.fallback, attachment.text, attachment.title]) {
                    parts.append(mentions.plain(line))
                }
            }
        }
        for file in files ?? [] {
            if let name = SlackUser.firstNonBlank([file.title, file.name]) { parts.append("[file: \(name)]") }
        }
        guard !parts.isEmpty else { return nil }
        let author = user.flatMap { people[$0] }
            ?? SlackUser.firstNonBlank([user_profile?.display_name, user_profile?.real_name, user_profile?.name, username, bot_profile?.name])
            ?? user ?? bot_id ?? "unknown"
        return SlackMessage(ts: ts, at: at, author: author, authorID: user ?? bot_id, threadTS: thread_ts, text: parts.joined(separator: " "))
    }
}

/// Slack's times: `ts` is Unix seconds with a six-digit fraction (`"1700000000.000100"`); day files
/// are named `YYYY-MM-DD.json`.
enum SlackTime {
    /// The time `ts` names; nil when it is not digits, an optional `.` and digits.
    static func date(_ ts: String) -> Date? {
        let parts = ts.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = parts.first, !whole.isEmpty, whole.count <= 12,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }), let seconds = Int64(whole) else { return nil }
        var fraction = 0.0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Double(digits) else { return nil }
            fraction = value / pow(10, Double(digits.count))
        }
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    /// `2026-11-27` for `date` in UTC.
    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// Whether `name` is `YYYY-MM-DD`.
    static func isDay(_ name: String) -> Bool {
        let u = Array(name.utf8)
        guard u.count == 10, u[4] == 0x2D, u[7] == 0x2D else { return false }
        return u.enumerated().allSatisfy { i, b in i == 4 || i == 7 || (b >= 0x30 && b <= 0x39) }
    }
}
