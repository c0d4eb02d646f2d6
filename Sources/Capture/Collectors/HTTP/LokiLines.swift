import AftermathCore
import Archive
import Foundation

/// Loki streams → one list of lines in time order, within the line and byte caps.
enum LokiLines {
    /// Every entry of every stream, oldest first (ties keep stream order), its source the stream's labels.
    static func inTimeOrder(_ streams: [LokiStream]) -> [(nanoseconds: Int64, line: LogLine)] {
        var entries: [(nanoseconds: Int64, line: LogLine)] = []
        for stream in streams {
            let source = render(stream.stream)
            for entry in stream.values {
                entries.append((entry.nanoseconds, LogLine(timestamp: date(entry.nanoseconds), text: entry.line, source: source)))
            }
        }
        // Swift's sort is stable: equal timestamps keep stream and line order.
        entries.sort { $0.nanoseconds < $1.nanoseconds }
        return entries
    }

    /// The lines kept under `maxLines` and `maxBytes` (of joined text), and which caps were hit.
    static func keep(
        _ entries: [(nanoseconds: Int64, line: LogLine)], maxLines: Int, maxBytes: Int, bodyTruncated: Bool
    ) -> (lines: [LogLine], caps: [String]) {
        var caps: [String] = []
        var lines: [LogLine] = []
        var bytes = 0
        for entry in entries.prefix(maxLines) {
            let size = entry.line.text.utf8.count + (lines.isEmpty ? 0 : 1)
            if bytes + size > maxBytes {
                caps.append("lines over max_bytes (\(maxBytes) bytes): kept the first \(lines.count) of \(entries.count)")
                break
            }
            bytes += size
            lines.append(entry.line)
        }
        if bodyTruncated {
            caps.insert(
                "response body over max_bytes (\(maxBytes) bytes): kept the \(entries.count) lines that arrived before the cap",
                at: 0)
        }
        if entries.count >= maxLines, let last = entries.prefix(maxLines).last {
            let after = Timestamp.formatMillis(date(last.nanoseconds))
            caps.append(
                entries.count > maxLines
                    ? "more than max_lines (\(maxLines)) lines: kept the first \(maxLines), up to \(after)"
                    : "reached max_lines (\(maxLines)): Loki may hold more lines after \(after)")
        }
        return (lines, caps)
    }

    /// `{app="api", level="error"}`: labels sorted by name, values escaped as LogQL strings.
    static func render(_ labels: [String: String]) -> String {
        let pairs = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(DoubleQuoted.escaped($0.value, escapingDelete: true))\"" }
        return "{" + pairs.joined(separator: ", ") + "}"
    }

    /// Unix nanoseconds as a date, without losing the sub-second part to Double rounding first.
    static func date(_ nanoseconds: Int64) -> Date {
        let (seconds, remainder) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        return Date(timeIntervalSince1970: Double(seconds) + Double(remainder) / 1e9)
    }
}
