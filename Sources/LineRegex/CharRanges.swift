/// Sets of Unicode scalars as sorted, disjoint, non-adjacent closed ranges of scalar values.
enum CharRanges {
    static let maxScalar: UInt32 = 0x10FFFF
    static let digit: [ClosedRange<UInt32>] = [0x30...0x39]
    static let word: [ClosedRange<UInt32>] = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
    static let space: [ClosedRange<UInt32>] = [0x09...0x0D, 0x20...0x20]

    /// `\d \w \s` (ASCII, as `grep -P` without UTF mode) and their negations `\D \W \S`.
    static func shorthand(_ c: Unicode.Scalar) -> [ClosedRange<UInt32>]? {
        switch c {
        case "d": digit
        case "w": word
        case "s": space
        case "D": complement(digit)
        case "W": complement(word)
        case "S": complement(space)
        default: nil
        }
    }

    /// POSIX bracket classes (ASCII).
    static func posix(_ name: String) -> [ClosedRange<UInt32>]? {
        switch name {
        case "digit": digit
        case "alpha": [0x41...0x5A, 0x61...0x7A]
        case "alnum": [0x30...0x39, 0x41...0x5A, 0x61...0x7A]
        case "upper": [0x41...0x5A]
        case "lower": [0x61...0x7A]
        case "space": space
        case "blank": [0x09...0x09, 0x20...0x20]
        case "xdigit": [0x30...0x39, 0x41...0x46, 0x61...0x66]
        case "punct": [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E]
        case "word": word
        default: nil
        }
    }

    /// Sorted, with overlapping and adjacent ranges merged.
    static func normalized(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var result: [ClosedRange<UInt32>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = result.last, r.lowerBound <= last.upperBound &+ 1 {
                result[result.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                result.append(r)
            }
        }
        return result
    }

    /// Every scalar not in `ranges`.
    static func complement(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for r in normalized(ranges) {
            if r.lowerBound > next { result.append(next...(r.lowerBound - 1)) }
            next = r.upperBound &+ 1
            if r.upperBound >= maxScalar { return result }
        }
        result.append(next...maxScalar)
        return result
    }

    /// `ranges` plus the other case of every ASCII letter in them (case-insensitive matching is ASCII-only).
    static func caseFolded(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var extra: [ClosedRange<UInt32>] = []
        for (lower, upper) in [(UInt32(0x41), UInt32(0x5A)), (UInt32(0x61), UInt32(0x7A))] {
            let shift: Int64 = lower == 0x41 ? 32 : -32
            for r in ranges {
                let lo = max(r.lowerBound, lower), hi = min(r.upperBound, upper)
                if lo <= hi { extra.append(UInt32(Int64(lo) + shift)...UInt32(Int64(hi) + shift)) }
            }
        }
        return normalized(ranges + extra)
    }
}
