import Crypto
import Foundation

/// PagerDuty v3: `X-PagerDuty-Signature: v1=<hex HMAC-SHA256(secret, raw body)>[,v1=…]`.
/// Several entries appear while a secret is rotated; one that verifies is enough.
struct PagerDutySignatureCheck: CredentialCheck {
    static let header = "X-PagerDuty-Signature"
    /// Longer headers are refused before any work (a real one holds a few 67-byte entries).
    static let maxHeaderBytes = 2048

    let secret: [UInt8]

    func verify(_ request: WebhookRequest, now: Date) -> AuthenticationResult {
        let values = request.headerValues(Self.header)
        guard !values.isEmpty else { return .missing("no \(Self.header) header") }
        let joined = values.joined(separator: ",")
        guard joined.utf8.count <= Self.maxHeaderBytes else {
            return .rejected("\(Self.header) is \(joined.utf8.count) bytes, longer than any real signature list")
        }
        let key = SymmetricKey(data: secret)
        var wellFormed = 0
        for entry in joined.split(separator: ",") {
            let item = entry.trimmingCharacters(in: .whitespaces)
            guard item.hasPrefix("v1="), let mac = Hex.decode(item.dropFirst(3), byteCount: SHA256.byteCount) else { continue }
            wellFormed += 1
            if HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: request.body, using: key) {
                return .accepted
            }
        }
        if wellFormed == 0 {
            return .rejected("\(Self.header) holds no well-formed v1=<64 hex digits> entry")
        }
        return .rejected("no \(Self.header) entry matches the body (\(wellFormed) checked)")
    }
}
