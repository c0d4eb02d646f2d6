/// The one rule for what a "line" of stored evidence text is, shared by capture (which stores and
/// indexes the lines), `search` (which reports their numbers) and the site's log viewer (which
/// numbers its `#L` anchors): split at LF, a CR before it belongs to the line break, and no
/// empty line after a final newline.
public enum EvidenceText {
    /// The lines of `content`, numbered from 1 in this order everywhere.
    public static func lines(_ content: String) -> [Substring] {
        guard !content.isEmpty else { return [] }
        var lines = content.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { $0.utf8.last == 0x0D ? Substring($0.utf8.dropLast()) : $0 }
    }

    /// Multi-line messages (a journald or Loki entry with a stack trace) as one stored line per text
    /// line: the first keeps the message's timestamp, the rest are continuations without one, as the
    /// file collector stores them. Trailing empty lines are dropped, so that the content (the texts
    /// joined by LF) splits back into exactly these lines.
    public static func physicalLines(_ messages: [LogLine]) -> [LogLine] {
        var result: [LogLine] = []
        result.reserveCapacity(messages.count)
        for message in messages {
            guard message.text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else {
                result.append(message)
                continue
            }
            for (i, piece) in lines(message.text).enumerated() {
                result.append(LogLine(timestamp: i == 0 ? message.timestamp : nil, text: String(piece), source: message.source))
            }
        }
        while result.last?.text.isEmpty == true { result.removeLast() }
        return result
    }
}
