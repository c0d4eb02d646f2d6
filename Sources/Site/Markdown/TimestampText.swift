import Foundation

/// Timestamps in a text, as the postmortem generator writes them in tables (`2026-11-27 11:42:14`,
/// also with `T`, fractions, `Z` or ` UTC`), so the site can show each in its one format
/// (`Display.time`) inside a machine-readable `<time datetime=…>`. Scans UTF-8 bytes: most cells
/// hold no timestamp and cost one pass.
enum TimestampText {
    /// A run of text, or a timestamp found in it.
    enum Piece: Equatable {
        case text(String)
        case time(Found)
    }

    /// What was found: the site's wording, the `datetime` value, and how many bytes it covered.
    struct Found: Equatable {
        var display: String
        var machine: String
        var length: Int
    }

    /// Whether `bytes` may hold a timestamp at all (a quick test before any parsing).
    static func mayContain(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.count >= 19 && bytes.contains(0x3A) && bytes.contains(0x2D)
    }

    /// `text` cut into plain runs and the timestamps between them (a timestamp must not follow a
    /// letter or digit); nil when it holds none.
    static func pieces(_ text: String) -> [Piece]? {
        let bytes = Array(text.utf8)
        guard mayContain(bytes) else { return nil }
        var pieces: [Piece] = []
        var plainStart = 0
        var i = 0
        while i + 19 <= bytes.count {
            if isDigit(bytes[i]), i == 0 || !isWordByte(bytes[i - 1]), bytes[i + 4] == 0x2D, let found = leading(bytes[i...]) {
                if plainStart < i { pieces.append(.text(String(decoding: bytes[plainStart..<i], as: UTF8.self))) }
                pieces.append(.time(found))
                i += found.length
                plainStart = i
            } else {
                i += 1
            }
        }
        guard !pieces.isEmpty else { return nil }
        if plainStart < bytes.count { pieces.append(.text(String(decoding: bytes[plainStart...], as: UTF8.self))) }
        return pieces
    }

    /// The timestamp `text` starts with, when one is followed by the end or by a non-alphanumeric character.
    static func leading(_ text: ArraySlice<UInt8>) -> Found? {
        let bytes = Array(text.prefix(40))
        guard bytes.count >= 19 else { return nil }
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { isDigit(bytes[$0]) } }
        guard digits(0..<4), bytes[4] == 0x2D, digits(5..<7), bytes[7] == 0x2D, digits(8..<10),
              bytes[10] == 0x20 || bytes[10] == 0x54, digits(11..<13), bytes[13] == 0x3A, digits(14..<16),
              bytes[16] == 0x3A, digits(17..<19) else { return nil }
        func number(_ range: Range<Int>) -> Int { range.reduce(0) { $0 * 10 + Int(bytes[$1] - 0x30) } }
        guard (1...12).contains(number(5..<7)), (1...31).contains(number(8..<10)), number(11..<13) < 24, number(14..<16) < 60,
              number(17..<19) < 60 else { return nil }
        var end = 19
        var millis: [UInt8] = []
        if end < bytes.count, bytes[end] == 0x2E {
            var k = end + 1
            while k < bytes.count, isDigit(bytes[k]) { k += 1 }
            if k > end + 1 {
                millis = Array((bytes[(end + 1)..<k] + [0x30, 0x30, 0x30]).prefix(3))
                end = k
            }
        }
        let suffix = bytes[end...]
        if suffix.starts(with: Array(" UTC".utf8)) { end += 4 } else if suffix.first == 0x5A { end += 1 }
        if end < bytes.count, isWordByte(bytes[end]) { return nil }
        // The site's wording (Display.time) and ISO 8601 with milliseconds when there are any
        // (Display.iso), written from the digits (truncated to the millisecond).
        var display = Array(bytes[0..<19])
        display[10] = 0x20
        var machine = Array(bytes[0..<19])
        machine[10] = 0x54
        if !millis.isEmpty, millis != [0x30, 0x30, 0x30] { machine += [0x2E] + millis }
        return Found(
            display: String(decoding: display, as: UTF8.self) + " UTC", machine: String(decoding: machine + [0x5A], as: UTF8.self),
            length: end)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// ASCII letters and digits, and any non-ASCII byte (a timestamp glued to a word is not one).
    static func isWordByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte >= 0x80
    }
}
