import HTTPTypes
import Hummingbird
import Intake
import Logging
import Settings
import Site

/// `/site/…`, the static archive served by `aftermath serve --serve-site`: readers are
/// authenticated first (`ReaderAccess`, `site_access`), then the path is decoded and checked
/// (`SitePath`: a dotfile or `..` in any spelling is 404), and every answer, refusals
/// included, carries the site's security headers.
struct SiteAccessMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let access: ReaderAccess

    /// The middleware for `site_access`, its secrets read now; beyond loopback without
    /// credentials the server must not start (`StartupError.siteWithoutCredentialsOffLoopback`).
    init(config: AftermathConfig, environment: [String: String], listensOnLoopback: Bool, logger: Logger) throws {
        let site = config.siteAccess
        guard listensOnLoopback || site.isConfigured else {
            throw StartupError.siteWithoutCredentialsOffLoopback(address: "\(config.server.host):\(config.server.port)")
        }
        let credentials = ReaderCredentials(
            bearerToken: try site.bearerToken?.resolve(environment: environment),
            basic: try site.basicAuth.map { ($0.username, try $0.password.resolve(environment: environment)) })
        access = ReaderAccess(
            credentials: credentials, listensOnLoopback: listensOnLoopback, what: "the site", configKey: "site_access", logger: logger)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path == "/site" || path.hasPrefix("/site/") else { return try await next(request, context) }
        var response: Response
        if let refusal = access.refusal(request) {
            response = refusal
        } else if !SitePath.isServable(path) {
            response = JSONResponse.error(.notFound, "not found")
        } else {
            response = try await next(request, context)
        }
        for header in SitePolicy.responseHeaders {
            if let name = HTTPField.Name(header.name) { response.headers[name] = header.value }
        }
        return response
    }
}
