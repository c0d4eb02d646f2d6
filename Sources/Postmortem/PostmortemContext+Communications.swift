import AftermathCore
import Archive
import Foundation
import PostmortemFormat

/// The template values of the `communications` region: the chat messages imported into the
/// incident, each with its time, channel, author and text, citing its line of the transcript.
extension PostmortemContext {
    /// Messages listed; the rest are counted and cited by their transcripts.
    static let chatLimit = 200

    static func communications(_ facts: PostmortemFacts) -> [String: Any] {
        let chat = facts.chat
        let shown = chat.prefix(chatLimit)
        let channels = orderedUnique(chat.map { "#" + $0.channelName }).map { MarkdownText.inline($0, limit: 80) }
        var context: [String: Any] = [
            "hasChat": !chat.isEmpty,
            "chatCount": chat.count,
            "chatChannels": channels.joined(separator: ", "),
            "chat": shown.map { message -> [String: Any] in
                [
                    "time": time(message.at),
                    "channel": MarkdownText.inline("#" + message.channelName, limit: 80),
                    "author": MarkdownText.inline(message.author, limit: 80),
                    "text": (message.isThreadReply ? "(thread) " : "") + MarkdownText.inline(message.text, limit: 300),
                    "cite": EvidenceCitation.markdown(message.evidenceID, line: message.lineNo) ?? cite(message.evidenceID),
                ]
            },
        ]
        if chat.count > shown.count {
            let rest = chat.dropFirst(chatLimit)
            context["chatMore"] = "\(rest.count) more message(s) in " + orderedUnique(rest.map(\.evidenceID)).map(cite).joined(separator: ", ") + "."
        }
        return context
    }
}
