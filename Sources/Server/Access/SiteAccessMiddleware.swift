import HTTPTypes
import Hummingbird
import Site

/// `/site/…`, the static archive served by `aftermath serve --serve-site`: readers are
/// authenticated first (`ReaderAccess`, `site_access`), then the path is decoded and checked
/// (`SitePath`: a dotfile or `..` in any spelling is 404), and every answer, refusals
/// included, carries the site's security headers.
struct SiteAccessMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let access: ReaderAccess

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
