/// Hexadecimal decoding for signature headers.
enum Hex {
    /// The bytes of `text` (upper- or lowercase digits), or nil unless it is exactly
    /// `byteCount` bytes of hex.
    static func decode(_ text: Substring, byteCount: Int) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == byteCount * 2 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(byteCount)
        var i = 0
        while i < digits.count {
            guard let high = value(digits[i]), let low = value(digits[i + 1]) else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }

    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
