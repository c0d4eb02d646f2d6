import Archive
import Foundation
import Synchronization

/// Parses journalctl's JSON lines as they stream, keeping entries inside the window.
final class StreamingJournalReader: Sendable {
    /// What was read.
    struct Result {
        var lines: [LogLine] = []
        var bytes = 0
        /// Entries seen inside the window (more than kept when `-n` overflowed).
        var entries = 0
        /// Lines that were not journal entries.
        var unparsed = 0
        /// Set when `maxBytes` stopped the reading.
        var bytesCap: Int?

        var text: String { lines.map(\.text).joined(separator: "\n") }
    }

    private struct State {
        var assembler: LineAssembler
        var result = Result()
    }

    private let window: DateInterval
    private let source: String
    private let maxBytes: Int
    private let state: Mutex<State>

    init(window: DateInterval, source: String, maxLines: Int, maxBytes: Int) {
        self.window = window
        self.source = source
        self.maxBytes = max(0, maxBytes)
        state = Mutex(State(assembler: LineAssembler(maxLineBytes: 4 << 20)))
    }

    /// Feeds a chunk; `.stop` once `maxBytes` is reached.
    func consume(_ chunk: [UInt8]) -> StreamControl {
        state.withLock { state in
            var assembler = state.assembler
            defer { state.assembler = assembler }
            return assembler.feed(chunk) { take($0, into: &state.result) } ? .more : .stop
        }
    }

    /// Flushes the last line and returns what was kept.
    func finish() -> Result {
        state.withLock { state in
            var assembler = state.assembler
            assembler.finish { take($0, into: &state.result) }
            state.assembler = assembler
            return state.result
        }
    }

    private func take(_ line: [UInt8], into result: inout Result) -> Bool {
        guard result.bytesCap == nil else { return false }
        guard !line.isEmpty else { return true }
        guard let entry = JournalEntry.parse(line, source: source) else {
            result.unparsed += 1
            return true
        }
        guard let stamp = entry.timestamp, window.contains(stamp) else { return true }
        result.entries += 1
        let cost = entry.text.utf8.count + (result.lines.isEmpty ? 0 : 1)
        if result.bytes + cost > maxBytes {
            result.bytesCap = maxBytes
            return false
        }
        result.bytes += cost
        result.lines.append(entry)
        return true
    }
}
