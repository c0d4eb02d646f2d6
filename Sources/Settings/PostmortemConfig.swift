import Foundation

/// `postmortem`: when provisional postmortems are written and from what template.
public struct PostmortemConfig: Sendable, Equatable {
    /// `postmortem.settle`: written this long after the incident resolves; default 30m.
    public var settle: TimeInterval = 1800
    /// `postmortem.deadline`: and never later than this after it started, even if still open; default 24h.
    public var deadline: TimeInterval = 86_400
    /// `postmortem.template`: the Mustache template; default `<templates>/postmortem.md`.
    public var template: String?

    public init(settle: TimeInterval = 1800, deadline: TimeInterval = 86_400, template: String? = nil) {
        self.settle = settle
        self.deadline = deadline
        self.template = template
    }
}

/// `site_options`: how the static site is built (its output directory is the top-level `site`).
public struct SiteConfig: Sendable, Equatable {
    /// `site_options.title`: shown in every page header and the Atom feed; default "Aftermath".
    public var title: String = "Aftermath"
    /// `site_options.base_url`: absolute URL the site is published at, for the Atom feed's links
    /// (optional; relative links work without it).
    public var baseURL: String?

    public init(title: String = "Aftermath", baseURL: String? = nil) {
        self.title = title
        self.baseURL = baseURL
    }
}

struct PostmortemSection: Decodable {
    var config = PostmortemConfig()

    enum CodingKeys: String, CodingKey, CaseIterable { case settle, deadline, template }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        if let v = try c.decodeDuration(.settle) { config.settle = v }
        if let v = try c.decodeDuration(.deadline) { config.deadline = v }
        config.template = try c.decodeIfPresent(String.self, forKey: .template)
    }
}

struct SiteSection: Decodable {
    var config = SiteConfig()

    enum CodingKeys: String, CodingKey, CaseIterable { case title, base_url }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        if let v = try c.decodeIfPresent(String.self, forKey: .title) { config.title = v }
        config.baseURL = try c.decodeIfPresent(String.self, forKey: .base_url)
    }
}

/// `api`: the small HTTP API for people (`POST /api/incidents/ID/notes`).
public struct APIConfig: Sendable, Equatable {
    /// `api.bearer_token_file` / `api.bearer_token_env`: required from callers; without one the API
    /// answers only while the server listens on loopback.
    public var bearerToken: SecretReference?

    public init(bearerToken: SecretReference? = nil) {
        self.bearerToken = bearerToken
    }
}

struct APISection: Decodable {
    var config = APIConfig()

    enum CodingKeys: String, CodingKey, CaseIterable { case bearer_token_file, bearer_token_env }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        config.bearerToken = try secretReference(
            "api.bearer_token", file: c.decodeIfPresent(String.self, forKey: .bearer_token_file),
            env: c.decodeIfPresent(String.self, forKey: .bearer_token_env))
    }
}
