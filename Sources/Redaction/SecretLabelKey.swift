/// Whether a label or annotation key names a secret (`db_password`, `X-Api-Key`,
/// `slack.token`, `Authorization`): then its whole value is masked, whatever it looks like.
enum SecretLabelKey {
    /// The rule name written into such a value: `[REDACTED:secret-label]`.
    static let ruleName = "secret-label"

    /// Words matched in the key lower-cased with `_`, `-`, `.` and spaces removed, so
    /// `api_key`, `apikey`, `API-Key` and `private_key` all match.
    private static let words = [
        "password", "passwd", "secret", "token", "apikey", "credential", "privatekey", "authorization", "cookie",
    ]

    static func namesSecret(_ key: String) -> Bool {
        if let folded = asciiFolded(key) {
            return wordBytes.contains { contains(folded, $0) }
        }
        // Unicode lower-casing can turn a non-ASCII letter into an ASCII one (the Kelvin sign).
        let folded = String(key.lowercased().filter { !"_-. ".contains($0) })
        return words.contains { folded.contains($0) }
    }

    private static let wordBytes = words.map { Array($0.utf8) }

    /// Whether `word` occurs in `text` (keys and words are a few bytes: a plain scan).
    private static func contains(_ text: [UInt8], _ word: [UInt8]) -> Bool {
        guard text.count >= word.count else { return false }
        var start = 0
        while start + word.count <= text.count {
            var matched = 0
            while matched < word.count, text[start + matched] == word[matched] { matched += 1 }
            if matched == word.count { return true }
            start += 1
        }
        return false
    }

    /// An ASCII key folded byte by byte as `namesSecret` folds it (every label key and header name
    /// goes through here, so without `String` lower-casing and searching); nil for any other key.
    private static func asciiFolded(_ key: String) -> [UInt8]? {
        var folded: [UInt8] = []
        folded.reserveCapacity(key.utf8.count)
        for byte in key.utf8 {
            switch byte {
            case 0x80...: return nil
            case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: " "): continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): folded.append(byte | 0x20)
            default: folded.append(byte)
            }
        }
        return folded
    }
}
