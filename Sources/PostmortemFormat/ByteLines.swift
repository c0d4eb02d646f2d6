/// The lines of a file as byte offsets, so edits splice bytes and leave every other byte as it was
/// (CRLF, invalid UTF-8 and trailing spaces included).
public struct ByteLines: Sendable {
    /// One line: `start ..< contentEnd` is its text, `contentEnd ..< end` its terminator (`\n`, `\r\n` or none).
    public struct Line: Sendable {
        public var start: Int
        public var contentEnd: Int
        public var end: Int
    }

    public let bytes: [UInt8]
    public let lines: [Line]

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var lines: [Line] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A {
                let contentEnd = i > start && bytes[i - 1] == 0x0D ? i - 1 : i
                lines.append(Line(start: start, contentEnd: contentEnd, end: i + 1))
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count { lines.append(Line(start: start, contentEnd: bytes.count, end: bytes.count)) }
        self.lines = lines
    }

    /// The text of line `index` (without its terminator), decoded leniently.
    public func text(_ index: Int) -> String {
        let line = lines[index]
        return String(decoding: bytes[line.start..<line.contentEnd], as: UTF8.self)
    }

    /// The terminator of line `index`, or `\n` when it has none.
    public func terminator(_ index: Int) -> [UInt8] {
        let line = lines[index]
        return line.end > line.contentEnd ? Array(bytes[line.contentEnd..<line.end]) : [0x0A]
    }

    /// The index of the line holding byte `offset`.
    public func lineIndex(containing offset: Int) -> Int {
        var low = 0, high = lines.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lines[mid].start <= offset { low = mid } else { high = mid - 1 }
        }
        return max(0, low)
    }
}

extension Array where Element == UInt8 {
    /// `text` with every `\n` turned into `terminator` (for files written with CRLF).
    public static func withLineTerminator(_ text: String, _ terminator: [UInt8]) -> [UInt8] {
        let bytes = Array(text.utf8)
        guard terminator != [0x0A] else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 20)
        for byte in bytes {
            if byte == 0x0A { out += terminator } else { out.append(byte) }
        }
        return out
    }
}
