import AftermathCore
import Foundation

/// Timestamps in a text, as the postmortem generator writes them in tables (`2026-11-27 11:42:14`,
/// also with `T`, fractions, `Z` or ` UTC`), so the site can show each in its one format
/// (`Display.time`) inside a machine-readable `<time datetime=…>`.
enum TimestampText {
    /// A run of text, or a timestamp found in it.
    enum Piece: Equatable {
        case text(String)
        case time(Found)
    }

    /// `text` cut into plain runs and the timestamps between them (a timestamp must not follow a
    /// letter or digit).
    static func pieces(_ text: String) -> [Piece] {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 19, text.utf8.contains(0x3A) else { return [.text(text)] }
        var pieces: [Piece] = []
        var plain = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let startsWord = i == 0 || !(CharacterSet.alphanumerics.contains(scalars[i - 1]))
            if startsWord, scalars[i].properties.numericType != nil, scalars[i].isASCII,
               let found = leading(in: String(String.UnicodeScalarView(scalars[i..<min(scalars.count, i + 40)]))) {
                if !plain.isEmpty { pieces.append(.text(String(plain))); plain = String.UnicodeScalarView() }
                pieces.append(.time(found))
                i += found.length
                continue
            }
            plain.append(scalars[i])
            i += 1
        }
        if !plain.isEmpty { pieces.append(.text(String(plain))) }
        return pieces
    }

    /// What was found: the site's wording, the `datetime` value, and how many characters it covered.
    struct Found: Equatable {
        var display: String
        var machine: String
        var length: Int
    }

    /// The timestamp `text` starts with, when one is followed by the end or by a non-alphanumeric character.
    static func leading(in text: String) -> Found? {
        let bytes = Array(text.utf8.prefix(40))
        guard bytes.count >= 19 else { return nil }
        func digits(_ range: Range<Int>) -> Bool { range.allSatisfy { bytes[$0] >= 0x30 && bytes[$0] <= 0x39 } }
        guard digits(0..<4), bytes[4] == 0x2D, digits(5..<7), bytes[7] == 0x2D, digits(8..<10),
              bytes[10] == 0x20 || bytes[10] == 0x54, digits(11..<13), bytes[13] == 0x3A, digits(14..<16),
              bytes[16] == 0x3A, digits(17..<19) else { return nil }
        var end = 19
        if end < bytes.count, bytes[end] == 0x2E {
            var k = end + 1
            while k < bytes.count, bytes[k] >= 0x30, bytes[k] <= 0x39 { k += 1 }
            if k > end + 1 { end = k }
        }
        let suffix = bytes[end...]
        if suffix.starts(with: Array(" UTC".utf8)) { end += 4 } else if suffix.first == 0x5A { end += 1 }
        if end < bytes.count, let next = Character(UnicodeScalar(bytes[end])) as Character?, next.isLetter || next.isNumber { return nil }
        var iso = Array(bytes[0..<19])
        iso[10] = 0x54
        if bytes.count > 19, bytes[19] == 0x2E { iso += bytes[19..<end].prefix { $0 != 0x20 && $0 != 0x5A } }
        guard let date = try? Timestamp.parse(String(decoding: iso, as: UTF8.self) + "Z") else { return nil }
        return Found(display: Display.time(date), machine: Display.iso(date), length: end)
    }
}
