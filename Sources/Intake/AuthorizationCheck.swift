import Foundation

/// `Authorization: Bearer <token>` or `Authorization: Basic base64(user:pass)`; the scheme
/// is case-insensitive and the credential is compared in constant time.
struct AuthorizationCheck: CredentialCheck {
    enum Scheme: String, Sendable {
        case bearer = "Bearer"
        case basic = "Basic"
    }

    let scheme: Scheme
    /// The token, or `user:pass` for Basic.
    let expected: [UInt8]

    func verify(_ request: WebhookRequest, now: Date) -> AuthenticationResult {
        guard let header = request.header("Authorization") else {
            return .missing("no Authorization header; expected \(scheme.rawValue) credentials")
        }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(maxSplits: 1, omittingEmptySubsequences: true, whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 2, parts[0].lowercased() == scheme.rawValue.lowercased() else {
            return .rejected("the Authorization header does not hold \(scheme.rawValue) credentials")
        }
        let credential = parts[1].trimmingCharacters(in: .whitespaces)
        let presented: [UInt8]
        switch scheme {
        case .bearer:
            presented = Array(credential.utf8)
        case .basic:
            guard let decoded = Data(base64Encoded: credential) else {
                return .rejected("the Basic credentials are not valid base64")
            }
            presented = Array(decoded)
        }
        guard ConstantTime.equal(presented, expected) else {
            return .rejected("wrong \(scheme.rawValue) credentials")
        }
        return .accepted
    }

    /// The Authorization header is all there is to check.
    func verifyHeaders(_ request: WebhookRequest, now: Date) -> AuthenticationResult? {
        verify(request, now: now)
    }
}
