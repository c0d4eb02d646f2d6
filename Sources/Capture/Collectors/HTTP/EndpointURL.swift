import Archive
import Foundation

/// An `http`/`https` URL split into what is safe to record (no userinfo, no fragment) and the
/// credentials its userinfo carried, which are sent as Basic auth and never recorded.
struct EndpointURL: Sendable, Equatable {
    /// Why a URL cannot be used.
    struct Invalid: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    /// Userinfo credentials, percent-decoded.
    struct Credentials: Sendable, Equatable {
        var user: String
        var password: String

        /// `Basic base64(user:password)`.
        var authorization: String { "Basic " + Data("\(user):\(password)".utf8).base64EncodedString() }
    }

    /// The URL without userinfo or fragment: what requests go to and what items record.
    var url: String
    var credentials: Credentials?

    /// The configured endpoint of a query collector: skipped when `text` is unset or blank,
    /// failed when it is not a usable http(s) URL.
    static func configured(_ text: String?, key: String) -> Result<EndpointURL, PlannedQuery.Problem> {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            return .failure(.init(status: .skipped, message: "\(key) is not configured"))
        }
        do {
            return .success(try EndpointURL(text, what: key))
        } catch {
            return .failure(.init(status: .failed, message: error.description))
        }
    }

    /// Parses `text`; `what` names it in errors (`prometheus.url`, `url`). Only http and https.
    init(_ text: String, what: String) throws(Invalid) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard var components = URLComponents(string: trimmed) else {
            throw Invalid(description: "\(what) is not a valid URL")
        }
        guard let scheme = components.scheme?.lowercased() else {
            throw Invalid(description: "\(what) has no scheme: only http and https URLs are collected")
        }
        guard scheme == "http" || scheme == "https" else {
            throw Invalid(description: "\(what) uses scheme '\(scheme)': only http and https URLs are collected")
        }
        guard let host = components.host, !host.isEmpty else {
            throw Invalid(description: "\(what) has no host")
        }
        if let user = components.user {
            credentials = Credentials(user: user, password: components.password ?? "")
        }
        components.scheme = scheme
        components.user = nil
        components.password = nil
        components.fragment = nil
        guard let clean = components.string else { throw Invalid(description: "\(what) is not a valid URL") }
        url = clean
    }

    /// `url` as the base of an API: without a trailing slash (query and fragment are not kept).
    var base: String {
        var text = url
        if let question = text.firstIndex(of: "?") { text = String(text[..<question]) }
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }

    /// `base` + `path` + `?name=value&…`, each name and value percent-encoded.
    func apiURL(path: String, query: [(String, String)]) -> String {
        let encoded = query.map { QueryTemplate.percentEncode($0.0) + "=" + QueryTemplate.percentEncode($0.1) }
        return base + path + (encoded.isEmpty ? "" : "?" + encoded.joined(separator: "&"))
    }

    /// The host, as written (an IPv6 literal without brackets).
    var host: String? { URLComponents(string: url)?.host }

    /// `scheme://host:port`, for messages.
    var origin: String {
        let components = URLComponents(string: url)
        let scheme = components?.scheme ?? "http"
        return "\(scheme)://\(components?.host ?? ""):\(components?.port ?? Self.defaultPort(scheme))"
    }

    /// Origin (scheme, host, port) equality: whether credentials may follow a redirect.
    func sameOrigin(as other: EndpointURL) -> Bool {
        let a = URLComponents(string: url), b = URLComponents(string: other.url)
        return a?.scheme == b?.scheme && a?.host?.lowercased() == b?.host?.lowercased()
            && (a?.port ?? Self.defaultPort(a?.scheme)) == (b?.port ?? Self.defaultPort(b?.scheme))
    }

    private static func defaultPort(_ scheme: String?) -> Int { scheme == "https" ? 443 : 80 }
}

extension EndpointURL {
    /// `text` with any `user:password@` after the scheme removed, for recording text that may not parse.
    static func withoutUserinfo(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let rest = text[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return text }
        return String(text[..<schemeEnd.upperBound]) + rest[rest.index(after: at)...]
    }
}
