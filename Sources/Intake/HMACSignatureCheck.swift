import AftermathCore
import Crypto
import Foundation

/// Grafana-style signing: lowercase hex HMAC-SHA256 of the raw body in a configurable header
/// (`X-Grafana-Alerting-Signature` by default; Grafana's own code names it
/// `X-Grafana-Alert-Signature`). With a timestamp header the MAC covers `ts + ":" + body`,
/// `ts` being Unix seconds, and deliveries more than `maxSkew` from now are refused.
/// A `sha256=` prefix (GitHub's framing) is accepted too.
struct HMACSignatureCheck: CredentialCheck {
    let secret: [UInt8]
    let header: String
    let timestampHeader: String?
    let maxSkew: TimeInterval

    func verify(_ request: WebhookRequest, now: Date) -> AuthenticationResult {
        guard let raw = request.header(header) else { return .missing("no \(header) header") }
        var value = Substring(raw.trimmingCharacters(in: .whitespaces))
        if value.hasPrefix("sha256=") { value = value.dropFirst("sha256=".count) }
        guard let mac = Hex.decode(value, byteCount: SHA256.byteCount) else {
            return .rejected("\(header) is not 64 hex digits")
        }
        var message = request.body
        if let timestampHeader {
            guard let stamp = request.header(timestampHeader)?.trimmingCharacters(in: .whitespaces) else {
                return .missing("no \(timestampHeader) header")
            }
            guard stamp.utf8.count <= 20, let seconds = Int64(stamp) else {
                return .rejected("\(timestampHeader) is not a Unix time in seconds")
            }
            let skew = abs(now.timeIntervalSince1970 - TimeInterval(seconds))
            guard skew <= maxSkew else {
                return .rejected("\(timestampHeader) is \(Int64(saturating: skew.rounded())) s from now; at most \(Int64(saturating: maxSkew)) s is allowed")
            }
            message = Array(stamp.utf8) + [UInt8(ascii: ":")] + request.body
        }
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: message, using: SymmetricKey(data: secret)) else {
            return .rejected("\(header) does not match the body")
        }
        return .accepted
    }
}
