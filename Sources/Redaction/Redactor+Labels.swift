extension Redactor {
    /// Labels or annotations with secrets replaced, keys kept; see `redact(_:key:)`.
    public func redact(labels: [String: String]) -> (labels: [String: String], count: Int) {
        var count = 0
        var output: [String: String] = [:]
        output.reserveCapacity(labels.count)
        for (key, value) in labels {
            let redacted = redact(value, key: key)
            output[key] = redacted.text
            count += redacted.count
        }
        return (output, count)
    }

    /// A value stored under a name (a label, annotation, header or form field): redacted as
    /// text, and masked whole as `[REDACTED:secret-label]` when the name says it holds a secret
    /// (`password`, `passwd`, `secret`, `token`, `api_key`/`apikey`/`api-key`, `credential`,
    /// `private_key`, `authorization`, `cookie`; any case, `_`/`-`/`.` ignored) — unless the name
    /// ends like an identifier (`token_type`, `secret_name`) or the value is empty, a
    /// placeholder (`null`, `${TOKEN}`) or already redacted.
    ///
    /// Use this for HTTP headers too: `Authorization: Bearer x` stored as the pair
    /// ("Authorization", "Bearer x") has no `Authorization:` left in the value for the text rules.
    public func redact(_ value: String, key: String) -> Redacted {
        guard SecretLabelKey.namesSecret(key) else { return redact(value) }
        let bytes = Array(value.utf8)
        let keep = bytes.withUnsafeBufferPointer { buffer in
            ValueFilter.isIdentifierKey(key) || ValueFilter.isPlaceholder(buffer)
                || !RedactionMarker.shouldReplace(0..<buffer.count, in: buffer, markers: RedactionMarker.spans(in: buffer))
        }
        guard !keep else { return redact(value) }
        let marker = String(decoding: RedactionMarker.bytes(for: SecretLabelKey.ruleName), as: UTF8.self)
        return Redacted(text: marker, count: 1, rules: [SecretLabelKey.ruleName: 1])
    }
}
