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

    /// Calls `body` with every term of `text` (repeats included).
    public static func forEachTerm(_ text: String, _ body: (String) -> Void) {
        var current: [UInt8] = []
        var unicode = ""
        var sawNonASCII = false
        func flush() {
            defer { current.removeAll(keepingCapacity: true); unicode = ""; sawNonASCII = false }
            if sawNonASCII {
                let term = String(unicode.lowercased().prefix(maxLength))
                if term.count >= 2 { body(term) }
            } else if current.count >= 2 {
                body(String(decoding: current.prefix(maxLength), as: UTF8.self))
            }
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                let b = UInt8(v)
                if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F {
                    current.append(b)
                    if sawNonASCII { unicode.unicodeScalars.append(scalar) }
                } else if b >= 0x41 && b <= 0x5A {
                    current.append(b + 32)
                    if sawNonASCII { unicode.unicodeScalars.append(scalar) }
                } else if !current.isEmpty || sawNonASCII {
                    flush()
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if !sawNonASCII {
                    sawNonASCII = true
                    unicode = String(decoding: current, as: UTF8.self)
                }
                unicode.unicodeScalars.append(scalar)
            } else if !current.isEmpty || sawNonASCII {
                flush()
            }
        }
        if !current.isEmpty || sawNonASCII { flush() }
    }
}
