import Crypto
import Foundation

/// Splunk On-Call escalation-policy webhooks: `X-VictorOps-Signature` =
/// base64(HMAC-SHA1(auth code, URL + concatenation of key + value over the form fields
/// sorted by key)). Not wired to a route (those webhooks are form-encoded and we ask for
/// custom outgoing webhooks instead); kept so the algorithm is pinned by its test vector.
enum VictorOpsSignature {
    /// Whether `signature` signs `url` and `fields` with `authCode`.
    static func isValid(signature: String, url: String, fields: [String: String], authCode: String) -> Bool {
        guard let mac = Data(base64Encoded: signature.trimmingCharacters(in: .whitespaces)),
              mac.count == Insecure.SHA1.byteCount else { return false }
        var message = url
        for key in fields.keys.sorted() { message += key + (fields[key] ?? "") }
        return HMAC<Insecure.SHA1>.isValidAuthenticationCode(
            Array(mac), authenticating: Array(message.utf8), using: SymmetricKey(data: Array(authCode.utf8)))
    }
}
