import Foundation

/// A secret last path segment: `/hooks/<source>/<token>` (for senders that cannot set headers).
struct PathTokenCheck: CredentialCheck {
    let expected: [UInt8]

    func verify(_ request: WebhookRequest, now: Date) -> AuthenticationResult {
        guard let token = request.pathToken, !token.isEmpty else {
            return .missing("no token in the URL path; post to /hooks/\(request.source.rawValue)/<token>")
        }
        return ConstantTime.equal(Array(token.utf8), expected) ? .accepted : .rejected("wrong path token")
    }

    /// The path is all there is to check.
    func verifyHeaders(_ request: WebhookRequest, now: Date) -> AuthenticationResult? {
        verify(request, now: now)
    }
}
