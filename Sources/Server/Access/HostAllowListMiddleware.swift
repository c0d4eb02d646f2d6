import HTTPTypes
import Hummingbird
import Settings

/// On a loopback listener, only requests that name an allowed host are answered: a web page
/// that rebinds its own name to 127.0.0.1 (DNS rebinding) would otherwise read the archive as
/// its own origin. IP literals and `localhost` are always allowed (a page cannot be served
/// from them by anyone else), and `server.allowed_hosts` adds names. A request without a host
/// (HTTP/1.0, tests) is answered.
struct HostAllowListMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Lower-case names, without port or trailing dot.
    let allowed: Set<String>

    init(config: ServerConfig) {
        allowed = Set((["localhost", config.host] + config.allowedHosts).map(Self.normalised))
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let authority = request.head.authority else { return try await next(request, context) }
        let host = Self.normalised(Self.hostPart(of: authority))
        guard allowed.contains(host) || IPAddress(host) != nil else {
            return JSONResponse.error(.misdirectedRequest, "host '\(host.prefix(100))' is not served here; add it to server.allowed_hosts")
        }
        return try await next(request, context)
    }

    /// `name:port` → `name`; `[::1]:9099` → `[::1]`.
    static func hostPart(of authority: String) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") { return String(authority[...close]) }
        guard let colon = authority.lastIndex(of: ":"), authority.firstIndex(of: ":") == colon else { return authority }
        return String(authority[..<colon])
    }

    static func normalised(_ host: String) -> String {
        var host = host.lowercased()
        while host.hasSuffix(".") { host.removeLast() }
        return host
    }
}
