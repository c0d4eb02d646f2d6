import Synchronization

/// A `LogWindowFilter` fed from a process's stdout on any task.
final class StreamingLogFilter: Sendable {
    private struct State {
        var assembler: LineAssembler
        var filter: LogWindowFilter

        mutating func feed(_ chunk: [UInt8]) -> Bool {
            var assembler = self.assembler
            defer { self.assembler = assembler }
            return assembler.feed(chunk) { filter.take($0) }
        }

        mutating func finish() {
            var assembler = self.assembler
            defer { self.assembler = assembler }
            assembler.finish { filter.take($0) }
        }
    }

    private let state: Mutex<State>

    init(_ filter: LogWindowFilter) {
        let longest = max(4096, min(filter.maxBytes, 1 << 20))
        state = Mutex(State(assembler: LineAssembler(maxLineBytes: longest), filter: filter))
    }

    /// Feeds a chunk; `.stop` once a cap is reached.
    func consume(_ chunk: [UInt8]) -> StreamControl {
        state.withLock { $0.feed(chunk) ? .more : .stop }
    }

    /// Flushes the last unterminated line and returns the filter.
    func finish() -> LogWindowFilter {
        state.withLock { state in
            state.finish()
            return state.filter
        }
    }
}
