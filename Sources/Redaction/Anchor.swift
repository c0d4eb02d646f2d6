/// A byte-level check at a keyword hit that mirrors the start of a rule's pattern. It is a
/// necessary condition: a hit it rejects cannot start a match, so the regular expression is not
/// run there ("token bucket refilled" never reaches the key/value pattern). An accepted hit may
/// also say exactly where a match there must end.
enum Anchor: Sendable {
    /// Every hit is a candidate; the match ends within a few KiB (or the window grows).
    case none
    /// Like `none`, but a match may span lines and run to the end of the text (a PEM block
    /// without its END line), so a window that cuts it grows to the end of the text.
    case multiline
    /// `keyword [A-Za-z0-9_.-]{0,keyTail} (\\?["'])? [ \t]* [:=]`; with `dashDashSpace`, also
    /// `--…keyword… value` (a command-line flag and its argument). A value that is nothing but
    /// a marker is rejected here too: the match could only be skipped. `header`: the value runs
    /// to the end of the line after an optional `[`, quote and scheme word (`Bearer …`).
    case separator(keyTail: Int, dashDashSpace: Bool, header: Bool)
    /// After `://`: an `@` before the next `/`, whitespace or quote, with a `:` before it.
    case urlUserinfo
    /// `eyJ<8+>.eyJ<8+>.<signature>`.
    case jwt

    /// Whether a window that cut a match grows to the end of the text (else of the line).
    var spansLines: Bool {
        if case .multiline = self { return true }
        return false
    }

    /// The outcome at one hit.
    enum Verdict: Equatable {
        case reject
        /// `end`: where a match starting here ends at the latest; nil = not known.
        case accept(end: Int?)
    }

    /// Runs of base64url characters already measured (hits arrive in order; `eyJeyJeyJ…` stays linear).
    struct RunCache {
        var runs: [Range<Int>] = []
    }

    func evaluate(_ text: UnsafeBufferPointer<UInt8>, at hit: KeywordScanner.Hit, cache: inout RunCache) -> Verdict {
        switch self {
        case .none: return .accept(end: nil)
        case .multiline: return .accept(end: nil)
        case .separator(let keyTail, let dashDashSpace, let header):
            return Self.separator(text, after: hit.end, keyTail: keyTail, dashDashSpace: dashDashSpace, header: header)
        case .urlUserinfo: return Self.urlUserinfo(text, after: hit.end)
        case .jwt: return Self.jwt(text, at: hit.start, cache: &cache)
        }
    }

    private static func separator(
        _ text: UnsafeBufferPointer<UInt8>, after keywordEnd: Int, keyTail: Int, dashDashSpace: Bool, header: Bool
    ) -> Verdict {
        let count = text.count
        var key = keywordEnd
        while key < count, key - keywordEnd < keyTail, Bytes.isKeyCharacter(text[key]) { key += 1 }
        var position = key
        if position + 1 < count, text[position] == UInt8(ascii: "\\"), Bytes.isQuote(text[position + 1]) {
            position += 2
        } else if position < count, Bytes.isQuote(text[position]) {
            position += 1
        }
        while position < count, Bytes.isBlank(text[position]) { position += 1 }
        if position < count, text[position] == UInt8(ascii: ":") || text[position] == UInt8(ascii: "=") {
            let separator = text[position]
            position += 1
            if position < count, (separator, text[position]) == (UInt8(ascii: ":"), UInt8(ascii: "="))
                || (separator, text[position]) == (UInt8(ascii: "="), UInt8(ascii: ">")) {
                position += 1
            }
            return isOnlyMarker(text, from: position, header: header) ? .reject : .accept(end: nil)
        }
        guard dashDashSpace, key < count, Bytes.isBlank(text[key]), hasDoubleDash(text, before: key) else { return .reject }
        var value = key
        while value < count, Bytes.isBlank(text[value]) { value += 1 }
        guard value < count, !Bytes.isWhitespace(text[value]), text[value] != UInt8(ascii: "-") else { return .reject }
        return isOnlyMarker(text, from: value, header: header) ? .reject : .accept(end: nil)
    }

    /// Whether the value after a separator is one marker and nothing else (as the pattern reads
    /// it), so a match there would be skipped anyway: a second round over redacted text stays cheap.
    private static func isOnlyMarker(_ text: UnsafeBufferPointer<UInt8>, from start: Int, header: Bool) -> Bool {
        let count = text.count
        var position = start
        while position < count, Bytes.isBlank(text[position]) { position += 1 }
        if header, position < count, text[position] == UInt8(ascii: "["), markerEnd(text, at: position) == nil {
            position += 1
            while position < count, Bytes.isBlank(text[position]) { position += 1 }
        }
        var quote: UInt8?
        if position + 1 < count, text[position] == UInt8(ascii: "\\"), Bytes.isQuote(text[position + 1]) {
            quote = text[position + 1]
            position += 2
        } else if position < count, Bytes.isQuote(text[position]) {
            quote = text[position]
            position += 1
        }
        if header, position < count, Bytes.isAlphanumeric(text[position]), !(text[position] >= 0x30 && text[position] <= 0x39) {
            var word = position
            while word < count, Bytes.isBase64URL(text[word]) { word += 1 }
            if word < count, Bytes.isBlank(text[word]) {
                while word < count, Bytes.isBlank(text[word]) { word += 1 }
                position = word
            }
        }
        guard let end = markerEnd(text, at: position) else { return false }
        guard end < count else { return true }
        let next = text[end]
        if header {
            return next == 0x0A || next == 0x0D || Bytes.isQuote(next) || next == UInt8(ascii: "\\") || next == UInt8(ascii: "]")
        }
        if let quote { return next == quote || next == UInt8(ascii: "\\") }
        return Bytes.isWhitespace(next) || Bytes.isQuote(next) || valueDelimiters.contains(next)
    }

    /// Bytes that end an unquoted key/value value besides whitespace and quotes.
    private static let valueDelimiters = Array("`,;&)}]\\".utf8)

    /// The end of a marker (`[REDACTED]`, `[REDACTED:<name>]`) starting at `position`.
    private static func markerEnd(_ text: UnsafeBufferPointer<UInt8>, at position: Int) -> Int? {
        let prefix = RedactionMarker.prefix
        guard position + prefix.count < text.count, text[position..<(position + prefix.count)].elementsEqual(prefix) else { return nil }
        var end = position + prefix.count
        if text[end] == UInt8(ascii: ":") {
            end += 1
            while end < text.count, Bytes.isKeyCharacter(text[end]) { end += 1 }
        }
        guard end < text.count, text[end] == UInt8(ascii: "]") else { return nil }
        return end + 1
    }

    /// `(?<=--[A-Za-z0-9_.-]{0,80})` at `end`.
    private static func hasDoubleDash(_ text: UnsafeBufferPointer<UInt8>, before end: Int) -> Bool {
        var dash = end - 2
        while dash >= 0, end - (dash + 2) <= 80 {
            if dash + 2 < end, !Bytes.isKeyCharacter(text[dash + 2]) { return false }
            if text[dash] == UInt8(ascii: "-"), text[dash + 1] == UInt8(ascii: "-") { return true }
            dash -= 1
        }
        return false
    }

    private static func urlUserinfo(_ text: UnsafeBufferPointer<UInt8>, after schemeEnd: Int) -> Verdict {
        var position = schemeEnd
        var firstColon: Int?
        var lastAt: Int?
        while position < text.count {
            let byte = text[position]
            if Bytes.isWhitespace(byte) || Bytes.isQuote(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") { break }
            if byte == UInt8(ascii: ":"), firstColon == nil { firstColon = position }
            if byte == UInt8(ascii: "@") { lastAt = position }
            position += 1
        }
        guard let colon = firstColon, let at = lastAt, colon < at else { return .reject }
        return .accept(end: at + 1)
    }

    private static func jwt(_ text: UnsafeBufferPointer<UInt8>, at start: Int, cache: inout RunCache) -> Verdict {
        let count = text.count
        let header = runEnd(text, from: start, cache: &cache)
        guard header - start >= 11, header + 3 < count, text[header] == UInt8(ascii: "."),
              text[header + 1] == UInt8(ascii: "e"), text[header + 2] == UInt8(ascii: "y"), text[header + 3] == UInt8(ascii: "J")
        else { return .reject }
        let payload = runEnd(text, from: header + 1, cache: &cache)
        guard payload - (header + 1) >= 11, payload < count, text[payload] == UInt8(ascii: ".") else { return .reject }
        return .accept(end: runEnd(text, from: payload + 1, cache: &cache))
    }

    /// End of the run of `[A-Za-z0-9_-]` that contains `start`.
    private static func runEnd(_ text: UnsafeBufferPointer<UInt8>, from start: Int, cache: inout RunCache) -> Int {
        if let run = cache.runs.first(where: { $0.contains(start) }) { return run.upperBound }
        var end = start
        while end < text.count, Bytes.isBase64URL(text[end]) { end += 1 }
        if end > start {
            if cache.runs.count >= 3 { cache.runs.removeFirst() }
            cache.runs.append(start..<end)
        }
        return end
    }
}
