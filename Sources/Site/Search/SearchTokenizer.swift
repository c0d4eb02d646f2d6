/// Splits text into search terms the same way `assets/search.js` splits a query: runs of letters,
/// digits and `_`, lower-cased, 2–40 characters.
public enum SearchTokenizer {
    /// The longest term kept (longer runs are cut, so hashes and ids still match by prefix).
    public static let maxLength = 40

    /// Distinct terms of `text`, in first-seen order.
    public static func terms(_ text: String) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        forEachTerm(text) { term in
            if seen.insert(term).inserted { out.append(term) }
        }
        return out
    }

    /// Calls `body` with every term of `text` (repeats included). Works over the UTF-8 bytes: ASCII
    /// (most of any log) is folded byte by byte; a run holding another letter or digit is folded
    /// with Unicode rules when it ends.
    public static func forEachTerm(_ text: String, _ body: (String) -> Void) {
        forEachTermBytes(text) { body(String(decoding: $0, as: UTF8.self)) }
    }

    /// `forEachTerm` with each term as its UTF-8 bytes (valid only during the call).
    static func forEachTermBytes(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { split($0, body) }
    }

    private static func split(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var term: [UInt8] = []  // the run so far: ASCII letters folded, other characters as written
        var length = 0          // scalars in the run
        var unicode = false     // the run holds a non-ASCII letter or digit
        func flush() {
            if unicode {
                var folded = String(String(decoding: term, as: UTF8.self).lowercased().prefix(maxLength))
                if folded.count >= 2 { folded.withUTF8(body) }
            } else if length >= 2 {
                term.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0.prefix(maxLength))) }
            }
            term.removeAll(keepingCapacity: true)
            length = 0
            unicode = false
        }
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte < 0x80 {
                switch byte {
                case 0x61...0x7A, 0x30...0x39, 0x5F: term.append(byte)
                case 0x41...0x5A: term.append(byte + 32)
                default:
                    if length > 0 { flush() }
                    i += 1
                    continue
                }
                length += 1
                i += 1
                continue
            }
            let end = min(i + (byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2), bytes.count)
            let scalar = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<end]), as: UTF8.self).unicodeScalars.first
            if let scalar, scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                term.append(contentsOf: bytes[i..<end])
                length += 1
                unicode = true
            } else if length > 0 {
                flush()
            }
            i = end
        }
        if length > 0 { flush() }
    }
}
