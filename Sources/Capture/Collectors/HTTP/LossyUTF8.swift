/// Bytes → text: invalid UTF-8 becomes U+FFFD; a character cut in half by a byte cap is dropped
/// rather than turned into a replacement character.
enum LossyUTF8 {
    /// `bytes` as text; when `cutAtCap`, an incomplete trailing sequence is left out.
    static func decode(_ bytes: [UInt8], cutAtCap: Bool) -> String {
        String(decoding: cutAtCap ? bytes[..<completeLength(bytes)] : bytes[...], as: UTF8.self)
    }

    /// The length of `bytes` without a trailing multi-byte sequence that is missing bytes.
    static func completeLength(_ bytes: [UInt8]) -> Int {
        var index = bytes.count - 1
        var continuation = 0
        while index >= 0, continuation < 3, bytes[index] & 0b1100_0000 == 0b1000_0000 {
            continuation += 1
            index -= 1
        }
        guard index >= 0 else { return bytes.count }
        let lead = bytes[index]
        let needed: Int
        switch lead {
        case 0b1100_0000...0b1101_1111: needed = 1
        case 0b1110_0000...0b1110_1111: needed = 2
        case 0b1111_0000...0b1111_0111: needed = 3
        default: return bytes.count
        }
        return continuation < needed ? index : bytes.count
    }
}
