import Foundation
import Settings

/// Checks a source's configured credentials on each request; every configured mechanism must pass.
public struct SourceAuthenticator: Sendable {
    private let checks: [any CredentialCheck]

    /// Resolves every secret of `config` once (files and environment variables are read here).
    /// Throws `ConfigError` for an unreadable or empty secret, or for Bearer and Basic together.
    public init(config: SourceConfig, environment: [String: String]) throws {
        var checks: [any CredentialCheck] = []
        if let token = config.bearerToken {
            if config.basicAuth != nil {
                throw ConfigError.invalidValue(
                    path: token.key, reason: "cannot be combined with basic_auth: both need the Authorization header")
            }
            checks.append(AuthorizationCheck(scheme: .bearer, expected: Array(try token.resolve(environment: environment).utf8)))
        }
        if let basic = config.basicAuth {
            let password = try basic.password.resolve(environment: environment)
            checks.append(AuthorizationCheck(scheme: .basic, expected: Array("\(basic.username):\(password)".utf8)))
        }
        if let secret = config.signingSecret {
            checks.append(PagerDutySignatureCheck(secret: Array(try secret.resolve(environment: environment).utf8)))
        }
        if let hmac = config.hmac {
            checks.append(HMACSignatureCheck(
                secret: Array(try hmac.secret.resolve(environment: environment).utf8),
                header: hmac.header, timestampHeader: hmac.timestampHeader, maxSkew: hmac.maxSkew))
        }
        if let token = config.pathToken {
            checks.append(PathTokenCheck(expected: Array(try token.resolve(environment: environment).utf8)))
        }
        self.checks = checks
    }

    /// True when no credentials are configured: every request is accepted.
    public var isOpen: Bool { checks.isEmpty }

    /// `.accepted` when every configured mechanism passes; otherwise the first rejection, or
    /// failing that the first missing credential.
    public func authenticate(_ request: WebhookRequest, now: Date) -> AuthenticationResult {
        Self.combine(checks.map { $0.verify(request, now: now) })
    }

    /// What the headers and path decide before the body is read (bearer, basic, path token; a
    /// signature header that is missing or malformed, a stale timestamp): `.accepted` means
    /// "read the body", after which `authenticate` checks the signatures over it.
    public func authenticateHeaders(_ request: WebhookRequest, now: Date) -> AuthenticationResult {
        Self.combine(checks.compactMap { $0.verifyHeaders(request, now: now) })
    }

    private static func combine(_ results: [AuthenticationResult]) -> AuthenticationResult {
        var missing: String?
        for result in results {
            switch result {
            case .accepted: continue
            case .rejected(let reason): return .rejected(reason)
            case .missing(let reason): if missing == nil { missing = reason }
            }
        }
        return missing.map { .missing($0) } ?? .accepted
    }
}
