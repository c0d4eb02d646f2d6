import AftermathCore
import Foundation

/// The stored form of a chat transcript item (kind `chat`): one line per message,
/// `<RFC 3339 time> <author>: <text>`, a reply in a thread marked `<author> (thread):`, and each
/// further line of a multi-line message indented by two spaces. Messages are in time order; the
/// line a message starts on is the one its citations name (`ev-12#L5`).
public enum ChatTranscript {
    /// The text and indexed lines of `messages`, and the line each starts on (1-based, in order).
    static func render(_ messages: [NewChatMessage], channel: String) -> (content: String, lines: [LogLine], firstLines: [Int]) {
        var content = ""
        var lines: [LogLine] = []
        var firstLines: [Int] = []
        for message in messages {
            firstLines.append(lines.count + 1)
            let who = message.isThreadReply ? "\(message.author) (thread)" : message.author
            let text = message.text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            let body = EvidenceText.lines(text)
            for (i, part) in (body.isEmpty ? [""] : body).enumerated() {
                let line = i == 0 ? "\(Timestamp.formatMillis(message.at)) \(who): \(part)" : "  \(part)"
                content += line + "\n"
                lines.append(LogLine(timestamp: i == 0 ? message.at : nil, text: line, source: channel))
            }
        }
        return (content, lines, firstLines)
    }
}
