import Hummingbird
import Site

/// For `/site/…` (the static archive served by `aftermath serve --serve-site`): the site's
/// security headers on every answer, and 404 for hidden files such as the build manifest.
struct SiteHeadersMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path == "/site" || path.hasPrefix("/site/") else { return try await next(request, context) }
        if path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
            return JSONResponse.error(.notFound, "not found")
        }
        var response = try await next(request, context)
        for header in SitePolicy.responseHeaders {
            if let name = HTTPField.Name(header.name) { response.headers[name] = header.value }
        }
        return response
    }
}
import HTTPTypes
