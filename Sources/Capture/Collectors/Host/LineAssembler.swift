/// Splits a byte stream into lines, holding at most one partial line, itself capped: a line
/// longer than `maxLineBytes` keeps its first bytes and the rest is skipped up to its newline.
struct LineAssembler {
    let maxLineBytes: Int
    private var partial: [UInt8] = []
    private var overlong = false

    init(maxLineBytes: Int) {
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// Calls `line` for each complete line in `chunk` (without `\n` or a trailing `\r`) until it
    /// returns false; returns false if it did.
    mutating func feed(_ chunk: [UInt8], _ line: ([UInt8]) -> Bool) -> Bool {
        var start = 0
        while start < chunk.count {
            guard let newline = chunk[start...].firstIndex(of: 10) else {
                append(chunk[start...])
                return true
            }
            append(chunk[start..<newline])
            start = newline + 1
            if !line(takeLine()) { return false }
        }
        return true
    }

    /// The last line when the stream did not end with a newline.
    mutating func finish(_ line: ([UInt8]) -> Bool) {
        if !partial.isEmpty || overlong { _ = line(takeLine()) }
    }

    private mutating func append(_ bytes: ArraySlice<UInt8>) {
        let room = maxLineBytes - partial.count
        if bytes.count <= room {
            partial.append(contentsOf: bytes)
        } else {
            partial.append(contentsOf: bytes.prefix(max(0, room)))
            overlong = true
        }
    }

    private mutating func takeLine() -> [UInt8] {
        var line = partial
        partial = []
        overlong = false
        if line.last == 13 { line.removeLast() }
        return line
    }
}
