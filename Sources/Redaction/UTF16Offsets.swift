/// UTF-16 offsets of a window (what `NSRegularExpression` reports) as UTF-8 byte offsets,
/// walking forward: matches come in order, so a window costs one pass however many it has.
struct UTF16Offsets {
    let bytes: UnsafeBufferPointer<UInt8>
    let isASCII: Bool
    private var utf8 = 0
    private var utf16 = 0

    init(bytes: UnsafeBufferPointer<UInt8>, isASCII: Bool) {
        self.bytes = bytes
        self.isASCII = isASCII
    }

    /// The UTF-16 offset of a byte offset (used once per anchored match, near the window start).
    func utf16Offset(ofByte byteOffset: Int) -> Int {
        if isASCII { return byteOffset }
        var units = 0
        for index in 0..<byteOffset where !Bytes.isContinuation(bytes[index]) {
            units += bytes[index] >= 0xF0 ? 2 : 1
        }
        return units
    }

    mutating func byteOffset(_ utf16Offset: Int) -> Int {
        if isASCII { return utf16Offset }
        if utf16Offset < utf16 { (utf8, utf16) = (0, 0) }
        while utf16 < utf16Offset, utf8 < bytes.count {
            let lead = bytes[utf8]
            let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            utf16 += length == 4 ? 2 : 1
            utf8 += length
        }
        return utf8
    }
}
