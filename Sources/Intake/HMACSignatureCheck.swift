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
        let parts: (mac: [UInt8], stamp: String?)
        switch headerParts(request, now: now) {
        case .success(let value): parts = value
        case .failure(let refusal): return refusal.result
        }
        let message = parts.stamp.map { Array($0.utf8) + [UInt8(ascii: ":")] + request.body } ?? request.body
        guard HMAC<SHA256>.isValidAuthenticationCode(parts.mac, authenticating: message, using: SymmetricKey(data: secret)) else {
            return .rejected("\(header) does not match the body")
        }
        return .accepted
    }

    /// A missing or malformed signature, or a stale timestamp, is refused before the body is read.
    func verifyHeaders(_ request: WebhookRequest, now: Date) -> AuthenticationResult? {
        if case .failure(let refusal) = headerParts(request, now: now) { return refusal.result }
        return nil
    }

    /// A refusal decided from the headers.
    struct Refusal: Error {
        var result: AuthenticationResult
    }

    /// The signature bytes and the timestamp (when configured), or why the headers are refused.
    private func headerParts(_ request: WebhookRequest, now: Date) -> Result<(mac: [UInt8], stamp: String?), Refusal> {
        guard let raw = request.header(header) else { return .failure(Refusal(result: .missing("no \(header) header"))) }
        var value = Substring(raw.trimmingCharacters(in: .whitespaces))
        if value.hasPrefix("sha256=") { value = value.dropFirst("sha256=".count) }
        guard let mac = Hex.decode(value, byteCount: SHA256.byteCount) else {
            return .failure(Refusal(result: .rejected("\(header) is not 64 hex digits")))
        }
        guard let timestampHeader else { return .success((mac, nil)) }
        guard let stamp = request.header(timestampHeader)?.trimmingCharacters(in: .whitespaces) else {
            return .failure(Refusal(result: .missing("no \(timestampHeader) header")))
        }
        guard stamp.utf8.count <= 20, let seconds = Int64(stamp) else {
            return .failure(Refusal(result: .rejected("\(timestampHeader) is not a Unix time in seconds")))
        }
        let skew = abs(now.timeIntervalSince1970 - TimeInterval(seconds))
        guard skew <= maxSkew else {
            return .failure(Refusal(result: .rejected(
                "\(timestampHeader) is \(Int64(saturating: skew.rounded())) s from now; at most \(Int64(saturating: maxSkew)) s is allowed")))
        }
        return .success((mac, stamp))
    }
}
