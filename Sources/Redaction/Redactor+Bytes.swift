extension Redactor {
    /// Raw bytes (a webhook body) with secrets replaced.
    ///
    /// Valid UTF-8 is redacted as text. Otherwise each maximal run of valid UTF-8 is redacted
    /// on its own and the invalid bytes are kept verbatim between them: the body stays
    /// byte-identical where there is no secret (it is evidence of what was sent), and a secret
    /// is still found in any run it lies in whole. A secret cut by an invalid byte loses only
    /// the part on the far side of its keyword (`password=ab\u{FF}cd` keeps `\u{FF}cd`).
    public func redact(bytes: [UInt8]) -> (bytes: [UInt8], count: Int) {
        if let text = String(validating: bytes, as: UTF8.self) {
            let redacted = redact(text)
            return redacted.count == 0 ? (bytes, 0) : (Array(redacted.text.utf8), redacted.count)
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var count = 0
        for run in UTF8Runs.split(bytes) {
            switch run {
            case .valid(let range):
                let redacted = redact(String(decoding: bytes[range], as: UTF8.self))
                output += redacted.count == 0 ? Array(bytes[range]) : Array(redacted.text.utf8)
                count += redacted.count
            case .invalid(let range):
                output += bytes[range]
            }
        }
        return (output, count)
    }
}
