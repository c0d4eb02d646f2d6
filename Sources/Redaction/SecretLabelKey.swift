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
        let folded = String(key.lowercased().filter { !"_-. ".contains($0) })
        return words.contains { folded.contains($0) }
    }
}
