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
        if let key, Self.isIdentifierKey(UnsafeBufferPointer(rebasing: text[key])) { return true }
        guard value.count <= 64 else { return false }
        return Self.isPlaceholder(UnsafeBufferPointer(rebasing: text[value])) || Self.isProse(value, match: match, in: text)
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

    /// Indices into `identifierSuffixes` by each suffix's last byte: most keys end in a byte no
    /// suffix ends in, and are done with one lookup.
    private static let suffixesByLastByte: [[Int]] = {
        var table = [[Int]](repeating: [], count: 256)
        for (index, suffix) in identifierSuffixes.enumerated() { table[Int(suffix[suffix.count - 1])].append(index) }
        return table
    }()

    /// Plain loops over bytes, not generic collection algorithms: this runs once per match, and
    /// unspecialised generics cost microseconds each in a debug build.
    static func isIdentifierKey(_ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let length = key.count
        guard length > 2 else { return false }
        for index in suffixesByLastByte[Int(KeywordScanner.lower(key[length - 1]))] {
            let suffix = identifierSuffixes[index]
            guard length > suffix.count else { continue }
            var offset = 2
            while offset <= suffix.count, KeywordScanner.lower(key[length - offset]) == suffix[suffix.count - offset] { offset += 1 }
            if offset > suffix.count { return true }
        }
        return false
    }

    static func isIdentifierKey(_ key: String) -> Bool {
        Array(key.utf8).withUnsafeBufferPointer(isIdentifierKey)
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

    static func isPlaceholder(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = value.first else { return false }
        var digits = 0, masks = 0
        for byte in value {
            if byte >= 0x30 && byte <= 0x39 { digits += 1 }
            if byte == UInt8(ascii: "*") || byte == UInt8(ascii: "x") || byte == UInt8(ascii: "X") { masks += 1 }
        }
        if value.count <= 5, digits == value.count { return true }
        if masks == value.count { return true }
        if first == UInt8(ascii: "<"), value.count >= 2, value[value.count - 1] == UInt8(ascii: ">") { return true }
        if first == UInt8(ascii: "$") { return Self.isVariableReference(Array(value.dropFirst())) }
        for word in placeholderWords where word.count == value.count {
            var index = 0
            while index < word.count, KeywordScanner.lower(value[index]) == word[index] { index += 1 }
            if index == word.count { return true }
        }
        return false
    }

    private static let placeholderWords: [[UInt8]] = [
        "true", "false", "null", "nil", "none", "undefined", "empty", "redacted", "hidden", "masked", "unset", "required",
    ].map { Array($0.utf8) }

    /// `NAME` or `{NAME}` after a `$`: a reference to an environment variable, not its value.
    /// (An unquoted value stops before `}`, so `{NAME` counts too.)
    private static func isVariableReference(_ reference: [UInt8]) -> Bool {
        var name = reference[...]
        if name.first == UInt8(ascii: "{") {
            name = name.dropFirst()
            if name.last == UInt8(ascii: "}") { name = name.dropLast() }
        }
        guard let first = name.first, !(first >= 0x30 && first <= 0x39) else { return false }
        return name.allSatisfy { Bytes.isAlphanumeric($0) || $0 == UInt8(ascii: "_") }
    }
}
