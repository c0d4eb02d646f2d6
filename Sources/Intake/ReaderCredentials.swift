import Foundation

/// What a reader (the notes API, the site served over HTTP, `/metrics`) presents in its
/// `Authorization` header: a bearer token or basic credentials, whichever are configured; one
/// that matches is enough. Compared in constant time.
public struct ReaderCredentials: Sendable {
    private let checks: [AuthorizationCheck]

    /// `bearerToken` and/or `basic` (user name and password); neither = no credentials configured.
    public init(bearerToken: String?, basic: (username: String, password: String)?) {
        var checks: [AuthorizationCheck] = []
        if let bearerToken, !bearerToken.isEmpty { checks.append(AuthorizationCheck(scheme: .bearer, expected: Array(bearerToken.utf8))) }
        if let basic { checks.append(AuthorizationCheck(scheme: .basic, expected: Array("\(basic.username):\(basic.password)".utf8))) }
        self.checks = checks
    }

    /// Whether any credential is configured.
    public var isConfigured: Bool { !checks.isEmpty }

    /// Whether basic credentials are among them (browsers are then asked for a password).
    public var acceptsBasic: Bool { checks.contains { $0.scheme == .basic } }

    /// `.accepted` when the header matches one configured credential; `.missing` without a header.
    public func verify(authorization: String?) -> AuthenticationResult {
        let scheme = authorization?.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1).first?.lowercased()
        if let scheme, !checks.contains(where: { $0.scheme.rawValue.lowercased() == scheme }) {
            let expected = checks.map(\.scheme.rawValue).joined(separator: " or ")
            return .missing("the Authorization header does not hold \(expected) credentials")
        }
        let request = WebhookRequest(source: .generic, headers: authorization.map { [("Authorization", $0)] } ?? [], body: [], receivedAt: Date())
        var outcome = AuthenticationResult.missing("no Authorization header")
        for check in checks {
            switch check.verify(request, now: request.receivedAt) {
            case .accepted: return .accepted
            case .rejected(let reason): if case .missing = outcome { outcome = .rejected(reason) }
            case .missing: break
            }
        }
        if case .rejected = outcome, checks.count > 1 { return .rejected("wrong or unexpected credentials") }
        return outcome
    }
}
