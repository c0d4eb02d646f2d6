/// A range of scalars as sequences of UTF-8 byte ranges (the construction RE2 uses): each sequence
/// matches exactly the encodings of one aligned slice of the range. Surrogates are never encoded.
enum UTF8Ranges {
    typealias Sequence = [ClosedRange<UInt8>]

    static func sequences(_ range: ClosedRange<UInt32>) -> [Sequence] {
        var result: [Sequence] = []
        let lo = range.lowerBound, hi = min(range.upperBound, CharRanges.maxScalar)
        // Everything but the surrogates D800–DFFF, which are not scalars.
        split(lo, min(hi, 0xD7FF), into: &result)
        split(max(lo, 0xE000), hi, into: &result)
        return result
    }

    private static func split(_ lo: UInt32, _ hi: UInt32, into result: inout [Sequence]) {
        guard lo <= hi else { return }
        for boundary: UInt32 in [0x7F, 0x7FF, 0xFFFF] where lo <= boundary && hi > boundary {
            split(lo, boundary, into: &result)
            split(boundary + 1, hi, into: &result)
            return
        }
        if hi <= 0x7F {
            result.append([UInt8(lo)...UInt8(hi)])
            return
        }
        for i: UInt32 in 1..<4 {
            let m: UInt32 = (1 << (6 * i)) - 1
            if lo & ~m != hi & ~m {
                if lo & m != 0 {
                    split(lo, lo | m, into: &result)
                    split((lo | m) + 1, hi, into: &result)
                    return
                }
                if hi & m != m {
                    split(lo, (hi & ~m) - 1, into: &result)
                    split(hi & ~m, hi, into: &result)
                    return
                }
            }
        }
        let a = encode(lo), b = encode(hi)
        result.append(zip(a, b).map { $0...$1 })
    }

    static func encode(_ value: UInt32) -> [UInt8] {
        Array(String(Unicode.Scalar(value) ?? "\u{FFFD}").utf8)
    }
}
