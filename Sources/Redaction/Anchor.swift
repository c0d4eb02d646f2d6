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
    /// After `://` (or `%3A%2F%2F`): an `@` (`%40`) before the next `/`, whitespace or quote,
    /// with a `:` before it.
    case urlUserinfo
    /// `eyJ<8+>.eyJ<8+>.<signature>`.
    case jwt
    /// `mysql…`: a blank then `-p` and a character follow on the same line within the pattern's reach.
    case mysqlPassword

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

    /// What earlier hits of the same pass already measured (hits arrive in order, so each byte is
    /// looked at a bounded number of times: `eyJeyJeyJ…` and `mysql mysql …` stay linear).
    struct RunCache {
        /// Runs of base64url characters.
        var runs: [Range<Int>] = []
        /// The next ` -p<x>` at or after `flagSearchedFrom` (`text.count` when there is none).
        var flagSearchedFrom = Int.max
        var flag = 0
        /// The next CR or LF at or after `lineBreakSearchedFrom`.
        var lineBreakSearchedFrom = Int.max
        var lineBreak = 0
    }

    func evaluate(_ text: UnsafeBufferPointer<UInt8>, at hit: KeywordScanner.Hit, cache: inout RunCache) -> Verdict {
        switch self {
        case .none: return .accept(end: nil)
        case .multiline: return .accept(end: nil)
        case .separator(let keyTail, let dashDashSpace, let header):
            return Self.separator(text, after: hit.end, keyTail: keyTail, dashDashSpace: dashDashSpace, header: header)
        case .urlUserinfo: return Self.urlUserinfo(text, at: hit)
        case .jwt: return Self.jwt(text, at: hit.start, cache: &cache)
        case .mysqlPassword: return Self.mysqlPassword(text, at: hit, cache: &cache)
        }
    }

    private static func separator(
        _ text: UnsafeBufferPointer<UInt8>, after keywordEnd: Int, keyTail: Int, dashDashSpace: Bool, header: Bool
    ) -> Verdict {
        let count = text.count
        var key = keywordEnd
        while key < count, key - keywordEnd < keyTail, Bytes.isKeyCharacter(text[key]) { key += 1 }
        var position = key
        var backslashes = position
        while backslashes < count, text[backslashes] == UInt8(ascii: "\\") { backslashes += 1 }
        if backslashes > position, backslashes < count, Bytes.isQuote(text[backslashes]) {
            position = backslashes + 1
        } else if let (byte, length) = character(text, at: position), Bytes.isQuote(byte) {
            position += length
        }
        position = skipBlanks(text, from: position)
        if let (separator, length) = character(text, at: position), separator == UInt8(ascii: ":") || separator == UInt8(ascii: "=") {
            position += length
            if position < count, (separator, text[position]) == (UInt8(ascii: ":"), UInt8(ascii: "="))
                || (separator, text[position]) == (UInt8(ascii: "="), UInt8(ascii: ">")) {
                position += 1
            }
            return isOnlyMarker(text, from: position, header: header) ? .reject : .accept(end: nil)
        }
        let value = skipBlanks(text, from: key)
        guard dashDashSpace, value > key, hasDoubleDash(text, before: key) else { return .reject }
        guard value < count, !Bytes.isWhitespace(text[value]), text[value] != UInt8(ascii: "-") else { return .reject }
        return isOnlyMarker(text, from: value, header: header) ? .reject : .accept(end: nil)
    }

    /// The byte at `position`, or the one a `%XX` escape there stands for, and how many bytes it takes.
    private static func character(_ text: UnsafeBufferPointer<UInt8>, at position: Int) -> (UInt8, Int)? {
        guard position < text.count else { return nil }
        guard text[position] == UInt8(ascii: "%"), position + 2 < text.count,
              let high = hexValue(text[position + 1]), let low = hexValue(text[position + 2]) else { return (text[position], 1) }
        return (high << 4 | low, 3)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x41...0x46: return byte - 0x41 + 10
        case 0x61...0x66: return byte - 0x61 + 10
        default: return nil
        }
    }

    /// Past spaces and tabs, raw, `%20` or `+` (form encoding).
    private static func skipBlanks(_ text: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var position = start
        while let (byte, length) = character(text, at: position), Bytes.isBlank(byte) || byte == UInt8(ascii: "+") { position += length }
        return position
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
        // An unquoted value runs to the end of its token; where it may end sooner (a URL query, a
        // JSON literal) the pattern decides, so only a marker the token ends at is skipped here.
        return Bytes.isWhitespace(next) || Bytes.isQuote(next) || next == UInt8(ascii: "\\")
    }

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

    /// Raw (`://`, `:\/\/`): an `@` before the next `/`, whitespace, quote or angle bracket, with a
    /// `:` before it. Percent-encoded (`%3A%2F%2F`): the same with `%40`, `%2F` and `%3A`.
    private static func urlUserinfo(_ text: UnsafeBufferPointer<UInt8>, at hit: KeywordScanner.Hit) -> Verdict {
        guard text[hit.start] == UInt8(ascii: "%") else { return rawUserinfo(text, after: hit.end) }
        var position = hit.end
        var firstColon: Int?
        var firstAt: Int?
        while position < text.count {
            let byte = text[position]
            if Bytes.isWhitespace(byte) || Bytes.isQuote(byte) || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "/")
                || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") { break }
            if byte == UInt8(ascii: "%"), let (decoded, _) = character(text, at: position), decoded != byte {
                if decoded == UInt8(ascii: "/") { break }
                if decoded == UInt8(ascii: ":"), firstColon == nil { firstColon = position }
                if decoded == UInt8(ascii: "@") {
                    firstAt = position
                    break
                }
            }
            position += 1
        }
        guard let colon = firstColon, let at = firstAt, colon < at else { return .reject }
        return .accept(end: at + 3)
    }

    private static func rawUserinfo(_ text: UnsafeBufferPointer<UInt8>, after schemeEnd: Int) -> Verdict {
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

    /// The pattern's reach after the keyword: a 12-byte suffix, a blank, 200 bytes, `%20-p`.
    private static let mysqlReach = 12 + 3 + 200 + 6

    private static func mysqlPassword(_ text: UnsafeBufferPointer<UInt8>, at hit: KeywordScanner.Hit, cache: inout RunCache) -> Verdict {
        let flag = nextPasswordFlag(text, from: hit.end, cache: &cache)
        guard flag < text.count, flag - hit.end <= mysqlReach else { return .reject }
        return nextLineBreak(text, from: hit.end, cache: &cache) > flag ? .accept(end: nil) : .reject
    }

    /// Position of the next `-p` that follows a blank (` `, tab, `+`, `%20`) and precedes a byte
    /// that can start a password.
    private static func nextPasswordFlag(_ text: UnsafeBufferPointer<UInt8>, from start: Int, cache: inout RunCache) -> Int {
        if start >= cache.flagSearchedFrom, cache.flag >= start { return cache.flag }
        var position = start
        while position + 2 < text.count {
            if text[position] == UInt8(ascii: "-"), text[position + 1] == UInt8(ascii: "p"), position > 0 {
                let before = text[position - 1]
                let blank = Bytes.isBlank(before) || before == UInt8(ascii: "+")
                    || (position >= 3 && text[position - 3] == UInt8(ascii: "%") && text[position - 2] == UInt8(ascii: "2") && before == UInt8(ascii: "0"))
                let next = text[position + 2]
                if blank, !Bytes.isWhitespace(next), !Bytes.isQuote(next), next != UInt8(ascii: "-") { break }
            }
            position += 1
        }
        cache.flagSearchedFrom = start
        cache.flag = position + 2 < text.count ? position : text.count
        return cache.flag
    }

    private static func nextLineBreak(_ text: UnsafeBufferPointer<UInt8>, from start: Int, cache: inout RunCache) -> Int {
        if start >= cache.lineBreakSearchedFrom, cache.lineBreak >= start { return cache.lineBreak }
        var position = start
        while position < text.count, text[position] != 0x0A, text[position] != 0x0D { position += 1 }
        cache.lineBreakSearchedFrom = start
        cache.lineBreak = position
        return position
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
