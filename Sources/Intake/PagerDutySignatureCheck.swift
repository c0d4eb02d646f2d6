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
        let macs: [[UInt8]]
        switch signatures(request) {
        case .success(let value): macs = value
        case .failure(let refusal): return refusal.result
        }
        let key = SymmetricKey(data: secret)
        for mac in macs where HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: request.body, using: key) {
            return .accepted
        }
        return .rejected("no \(Self.header) entry matches the body (\(macs.count) checked)")
    }

    /// No signature header, an oversized one or one without a well-formed entry is refused
    /// before the body is read.
    func verifyHeaders(_ request: WebhookRequest, now: Date) -> AuthenticationResult? {
        if case .failure(let refusal) = signatures(request) { return refusal.result }
        return nil
    }

    /// The well-formed `v1=` signatures, or why the header is refused.
    private func signatures(_ request: WebhookRequest) -> Result<[[UInt8]], HMACSignatureCheck.Refusal> {
        let values = request.headerValues(Self.header)
        guard !values.isEmpty else { return .failure(.init(result: .missing("no \(Self.header) header"))) }
        let joined = values.joined(separator: ",")
        guard joined.utf8.count <= Self.maxHeaderBytes else {
            return .failure(.init(result: .rejected("\(Self.header) is \(joined.utf8.count) bytes, longer than any real signature list")))
        }
        let macs = joined.split(separator: ",").compactMap { entry -> [UInt8]? in
            let item = entry.trimmingCharacters(in: .whitespaces)
            guard item.hasPrefix("v1=") else { return nil }
            return Hex.decode(item.dropFirst(3), byteCount: SHA256.byteCount)
        }
        guard !macs.isEmpty else {
            return .failure(.init(result: .rejected("\(Self.header) holds no well-formed v1=<64 hex digits> entry")))
        }
        return .success(macs)
    }
}
