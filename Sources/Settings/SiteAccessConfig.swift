import Foundation

/// `site_access`: the credentials a reader of `/site/` presents when `aftermath serve
/// --serve-site` listens beyond loopback (where `serve` refuses to start without them). Browsers
/// use HTTP basic authentication, programs a bearer token; either one is enough.
public struct SiteAccessConfig: Sendable, Equatable {
    /// `site_access.basic_auth: {username, password_file | password_env}`.
    public var basicAuth: BasicAuthConfig?
    /// `site_access.bearer_token_file` / `site_access.bearer_token_env`.
    public var bearerToken: SecretReference?

    public init(basicAuth: BasicAuthConfig? = nil, bearerToken: SecretReference? = nil) {
        self.basicAuth = basicAuth
        self.bearerToken = bearerToken
    }

    /// Whether any credential is configured.
    public var isConfigured: Bool { basicAuth != nil || bearerToken != nil }
}

struct SiteAccessSection: Decodable {
    var config = SiteAccessConfig()

    enum CodingKeys: String, CodingKey, CaseIterable { case basic_auth, bearer_token_file, bearer_token_env }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        config.bearerToken = try secretReference(
            "site_access.bearer_token", file: c.decodeIfPresent(String.self, forKey: .bearer_token_file),
            env: c.decodeIfPresent(String.self, forKey: .bearer_token_env))
        if let basic = try c.decodeIfPresent(BasicSection.self, forKey: .basic_auth) {
            guard let password = try secretReference(
                "site_access.basic_auth.password", file: basic.passwordFile, env: basic.passwordEnv) else {
                throw ConfigError.invalidValue(path: "site_access.basic_auth", reason: "needs password_file or password_env")
            }
            config.basicAuth = BasicAuthConfig(username: basic.username, password: password)
        }
    }
}
