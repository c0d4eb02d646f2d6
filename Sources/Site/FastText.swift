#if canImport(Glibc)
import Glibc
#endif

/// Byte-level text helpers for the hot paths of a build (Foundation's `replacingOccurrences`,
/// `range(of:)` and `trimmingCharacters` go through NSString on Linux and cost more than rendering).
enum FastText {
    /// Whether `haystack` contains `needle` (exact bytes).
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        firstOffset(of: Array(needle.utf8), in: haystack, from: 0) != nil
    }

    /// `text` with every occurrence of `target` replaced by `replacement`.
    static func replacing(_ text: String, _ target: String, with replacement: String) -> String {
        let needle = Array(target.utf8)
        guard !needle.isEmpty, var next = firstOffset(of: needle, in: text, from: 0) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 64)
        let bytes = Array(text.utf8)
        var start = 0
        while true {
            out.append(contentsOf: bytes[start..<next])
            out.append(contentsOf: replacement.utf8)
            start = next + needle.count
            guard let found = firstOffset(of: needle, in: bytes, from: start) else { break }
            next = found
        }
        out.append(contentsOf: bytes[start...])
        return String(decoding: out, as: UTF8.self)
    }

    /// Byte offset of the first `needle` in `text` at or after `from`.
    static func firstOffset(of needle: [UInt8], in text: String, from: Int) -> Int? {
        var copy = text
        return copy.withUTF8 { firstOffset(of: needle, in: $0, from: from) }
    }

    /// The same over contiguous bytes: candidates found with libc's `memchr` (vectorised; the byte
    /// loop below was ~1.4% of a full build, mostly searching postmortems for region markers).
    static func firstOffset(of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let first = needle.first, from >= 0, bytes.count - from >= needle.count, let base = bytes.baseAddress else { return nil }
        let last = bytes.count - needle.count
        var i = from
        return needle.withUnsafeBufferPointer { n -> Int? in
            while i <= last {
                guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return nil }
                i = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
                if memcmp(base + i, n.baseAddress!, n.count) == 0 { return i }
                i += 1
            }
            return nil
        }
    }

    static func firstOffset<C: RandomAccessCollection>(of needle: [UInt8], in bytes: C, from: Int) -> Int? where C.Element == UInt8, C.Index == Int {
        guard let first = needle.first, bytes.count >= needle.count else { return nil }
        var i = bytes.startIndex + from
        let last = bytes.endIndex - needle.count
        while i <= last {
            if bytes[i] == first {
                var k = 1
                while k < needle.count, bytes[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i - bytes.startIndex }
            }
            i += 1
        }
        return nil
    }

    /// Whether `text` is empty or only spaces, tabs and line breaks.
    static func isBlank<S: StringProtocol>(_ text: S) -> Bool {
        text.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }

    /// `text` without leading and trailing spaces, tabs and line breaks.
    static func trimmed<S: StringProtocol>(_ text: S) -> Substring {
        let s = Substring(text)
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let start = s.firstIndex(where: { !isSpace($0) }), let end = s.lastIndex(where: { !isSpace($0) }) else { return Substring() }
        return s[start...end]
    }
}
