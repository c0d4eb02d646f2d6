/// A cursor over a line's bytes for the timestamp parsers.
struct ByteScanner {
    let bytes: [UInt8]
    var index: Int = 0

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    /// Consumes `literal` if the bytes continue with it.
    mutating func take(_ literal: Unicode.Scalar) -> Bool {
        guard peek == UInt8(ascii: literal) else { return false }
        index += 1
        return true
    }

    func hasPrefix(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        return index + utf8.count <= bytes.count && Array(bytes[index..<index + utf8.count]) == utf8
    }

    mutating func digit() -> Int? {
        guard let byte = peek, Self.isDigit(byte) else { return nil }
        index += 1
        return Int(byte - 48)
    }

    /// Exactly `count` digits as a number.
    mutating func digits(_ count: Int) -> Int? {
        guard index + count <= bytes.count else { return nil }
        var value = 0
        for offset in 0..<count {
            let byte = bytes[index + offset]
            guard Self.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        index += count
        return value
    }

    /// `Jan` … `Dec` (English, as syslog and CLF write them) → 1…12.
    mutating func monthName() -> Int? {
        guard index + 3 <= bytes.count else { return nil }
        let name = String(decoding: bytes[index..<index + 3], as: UTF8.self)
        guard let month = Self.months.firstIndex(of: name) else { return nil }
        index += 3
        return month + 1
    }

    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
}
