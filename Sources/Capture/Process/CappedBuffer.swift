import Synchronization

/// The first `limit` bytes of a stream, safe to append to from any task; the rest is counted
/// and dropped, so a flood never grows memory past the cap.
final class CappedBuffer: Sendable {
    private struct State {
        var bytes: [UInt8] = []
        var dropped = 0
    }

    let limit: Int
    private let state = Mutex(State())

    init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// Appends what fits; returns false once the cap has been reached.
    @discardableResult
    func append(_ chunk: [UInt8]) -> Bool {
        state.withLock { state in
            let room = limit - state.bytes.count
            if chunk.count <= room {
                state.bytes.append(contentsOf: chunk)
                return true
            }
            if room > 0 { state.bytes.append(contentsOf: chunk[..<room]) }
            state.dropped += chunk.count - max(room, 0)
            return false
        }
    }

    /// Whether anything was dropped.
    var overflowed: Bool { state.withLock { $0.dropped > 0 } }

    /// The kept bytes as UTF-8 text (invalid sequences replaced; a character cut by the cap removed).
    var text: String {
        state.withLock { state in
            var end = state.bytes.count
            if state.dropped > 0 { end = CappedBuffer.characterBoundary(in: state.bytes) }
            return String(decoding: state.bytes[..<end], as: UTF8.self)
        }
    }

    /// The end index without a trailing, incomplete UTF-8 sequence.
    static func characterBoundary(in bytes: [UInt8]) -> Int {
        var index = bytes.count
        var back = 0
        while index > 0, back < 4, bytes[index - 1] & 0xC0 == 0x80 {
            index -= 1
            back += 1
        }
        guard index > 0 else { return bytes.count }
        let lead = bytes[index - 1]
        let expected = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        return expected == back + 1 ? bytes.count : index - 1
    }
}
