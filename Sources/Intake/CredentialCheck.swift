import Foundation

/// One configured authentication mechanism; a source passes when all of its checks accept.
protocol CredentialCheck: Sendable {
    /// `.missing` when the credential is absent, `.rejected` when present but wrong.
    /// Reasons never contain the secret or the presented credential.
    func verify(_ request: WebhookRequest, now: Date) -> AuthenticationResult

    /// What the headers and path alone decide, before any body byte is read: a verdict, or nil
    /// when the check needs the body (a signature over it). `request.body` is empty here.
    func verifyHeaders(_ request: WebhookRequest, now: Date) -> AuthenticationResult?
}
