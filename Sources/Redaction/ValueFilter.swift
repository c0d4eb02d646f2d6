/// Values that stand where a secret would but are not one: `password=null`, `token: ${TOKEN}`,
/// `secret=<redacted>`, `max_tokens=4096`, `password: ********`; keys that name a secret
/// rather than hold it (`token_type`, `secret_name`, `api_key_hash`); and the prose of
/// `invalid token: expired`.
enum ValueFilter: Sendable {
    case none
    /// `keyGroup`: the capture group holding the key.
    case placeholders(keyGroup: Int)

    /// Whether the value at `value` (key at `key`, match at `match`) should be left as it is.
    func isExempt(_ value: Range<Int>, key: Range<Int>?, match: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard case .placeholders = self else { return false }
        if let key, Self.isIdentifierKey(text[key]) { return true }
        guard value.count <= 64 else { return false }
        return Self.isPlaceholder(text[value]) || Self.isProse(value, match: match, in: text)
    }

    /// Key endings of an identifier or a property: `token_type`, `secret_name`, `api_key_id`,
    /// `password_length`, `token_file`, `api_key_hash` (so a logged `password_hash` is kept:
    /// a hash identifies, it does not authenticate).
    static let identifierSuffixes: [[UInt8]] = [
        "id", "ids", "name", "names", "count", "length", "len", "size", "type", "kind", "file", "path", "dir", "ttl",
        "expiry", "expires", "expiration", "age", "url", "uri", "endpoint", "ref", "version", "hash", "digest",
        "fingerprint", "prefix", "header", "field", "policy", "format", "mode", "status", "enabled", "rotated",
        "created", "updated", "used", "remaining", "min", "max", "limit",
    ].map { Array($0.utf8) }

    static func isIdentifierKey(_ key: some BidirectionalCollection<UInt8>) -> Bool {
        let length = key.count
        return identifierSuffixes.contains { suffix in
            length > suffix.count && zip(key.reversed(), suffix.reversed()).allSatisfy { KeywordScanner.lower($0) == $1 }
        }
    }

    /// A key word inside a sentence, `: ` and one lower-case word: `invalid token: expired`,
    /// `bad password: mismatch`. (`password: hunter2` at the start of a line, or with digits,
    /// capitals or symbols in the value, is still masked.)
    static func isProse(_ value: Range<Int>, match: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = match.lowerBound
        guard start >= 2, text[start - 1] == 0x20, isLetter(text[start - 2]), value.count <= 16 else { return false }
        var colon = start
        while colon < value.lowerBound, isLetter(text[colon]) { colon += 1 }
        guard colon + 2 == value.lowerBound, text[colon] == UInt8(ascii: ":"), text[colon + 1] == 0x20 else { return false }
        return text[value].allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    static func isPlaceholder(_ value: some Collection<UInt8>) -> Bool {
        guard let first = value.first else { return false }
        if value.count <= 5, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) { return true }
        if value.allSatisfy({ $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "x") || $0 == UInt8(ascii: "X") }) { return true }
        if first == UInt8(ascii: "<"), value.count >= 2, value.dropFirst(value.count - 1).first == UInt8(ascii: ">") { return true }
        if first == UInt8(ascii: "$") { return Self.isVariableReference(value.dropFirst()) }
        return Self.placeholderWords.contains { word in
            word.count == value.count && zip(word, value).allSatisfy { $0 == KeywordScanner.lower($1) }
        }
    }

    private static let placeholderWords: [[UInt8]] = [
        "true", "false", "null", "nil", "none", "undefined", "empty", "redacted", "hidden", "masked", "unset", "required",
    ].map { Array($0.utf8) }

    /// `NAME` or `{NAME}` after a `$`: a reference to an environment variable, not its value.
    /// (An unquoted value stops before `}`, so `{NAME` counts too.)
    private static func isVariableReference(_ reference: some Collection<UInt8>) -> Bool {
        var name = Array(reference)[...]
        if name.first == UInt8(ascii: "{") {
            name = name.dropFirst()
            if name.last == UInt8(ascii: "}") { name = name.dropLast() }
        }
        guard let first = name.first, !(first >= 0x30 && first <= 0x39) else { return false }
        return name.allSatisfy { Bytes.isAlphanumeric($0) || $0 == UInt8(ascii: "_") }
    }
}
