import Crypto

extension WebhookRequest {
    /// A SHA-256 (hex) of everything parsing and redaction see: the source, the path token, every
    /// header in order and the raw body; not the receipt time, which no dedup key depends on.
    /// Equal fingerprints mean the same request: it gets the same dedup key.
    public var fingerprint: String {
        var hasher = SHA256()
        func field(_ bytes: [UInt8]) {
            hasher.update(data: Array("\(bytes.count):".utf8))
            hasher.update(data: bytes)
        }
        field(Array(source.rawValue.utf8))
        field(Array((pathToken.map { "t" + $0 } ?? "-").utf8))
        field(Array(String(headers.count).utf8))
        for header in headers {
            field(Array(header.name.utf8))
            field(Array(header.value.utf8))
        }
        field(body)
        return DedupHash.hexString(hasher.finalize())
    }
}
