import Foundation

/// One configured authentication mechanism; a source passes when all of its checks accept.
protocol CredentialCheck: Sendable {
    /// `.missing` when the credential is absent, `.rejected` when present but wrong.
    /// Reasons never contain the secret or the presented credential.
    func verify(_ request: WebhookRequest, now: Date) -> AuthenticationResult
}
