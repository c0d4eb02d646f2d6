import Archive
import Foundation

/// Keeps the lines of one log that fall inside the window, by their own timestamps.
///
/// A line without a timestamp continues the line before it (stack traces) and is kept or dropped
/// with it; lines before the first timestamp are dropped. Stops at `maxLines` or `maxBytes`.
struct LogWindowFilter {
    /// Which cap ended the reading.
    enum Cap: Equatable {
        case lines(Int)
        case bytes(Int)

        var message: String {
            switch self {
            case .lines(let n): "max_lines reached: kept the first \(n) lines in the window"
            case .bytes(let n): "max_bytes reached: kept the first \(n) bytes of lines in the window"
            }
        }
    }

    let timestamps: LogTimestamp
    let source: String
    let maxLines: Int
    let maxBytes: Int
    private(set) var lines: [LogLine] = []
    private(set) var bytes = 0
    private(set) var cap: Cap?
    private var sawTimestamp = false
    private var keeping = false

    init(timestamps: LogTimestamp, source: String, maxLines: Int, maxBytes: Int) {
        self.timestamps = timestamps
        self.source = source
        self.maxLines = max(0, maxLines)
        self.maxBytes = max(0, maxBytes)
    }

    /// Takes one line; returns false once a cap is reached (nothing more will be kept).
    mutating func take(_ raw: [UInt8]) -> Bool {
        guard cap == nil else { return false }
        let stamp = timestamps.parse(bytes: Array(raw.prefix(256)))
        if let stamp {
            sawTimestamp = true
            keeping = timestamps.window.contains(stamp)
        } else if !sawTimestamp {
            return true
        }
        guard keeping else { return true }
        if lines.count >= maxLines {
            cap = .lines(maxLines)
            return false
        }
        let text = String(decoding: raw, as: UTF8.self)
        let cost = text.utf8.count + (lines.isEmpty ? 0 : 1)
        if bytes + cost > maxBytes {
            cap = .bytes(maxBytes)
            return false
        }
        bytes += cost
        lines.append(LogLine(timestamp: stamp, text: text, source: source))
        return true
    }

    /// The kept lines joined by newlines.
    var text: String { lines.map(\.text).joined(separator: "\n") }
}
