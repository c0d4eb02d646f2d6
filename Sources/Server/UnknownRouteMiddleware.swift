import AftermathCore
import Hummingbird

/// A request no route matches gets a JSON answer naming the routes there are, instead of an
/// empty 404: the first webhook sent to a mistyped path says where it should have gone.
/// It wraps the routes and the site's files only, so the host, sender and site-access checks still decide first.
struct UnknownRouteMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// Whether `/site/` is served (`serve --serve-site`).
    let servesSite: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && error.body == nil {
            return JSONResponse.error(.notFound, message(request.method, path: request.uri.path))
        }
    }

    func message(_ method: HTTPRequest.Method, path: String) -> String {
        if path == "/site" || path.hasPrefix("/site/") {
            return servesSite
                ? "no page \(path) in the site"
                : "the site is not served here (start serve with --serve-site, or open site/index.html from disk)"
        }
        let sources = WebhookSource.allCases.map(\.rawValue).joined(separator: ", ")
        return "no route for \(method) \(path); webhooks go to POST /hooks/<source> (\(sources)), "
            + "notes to POST /api/incidents/<id>/notes, health to GET /healthz, metrics to GET /metrics"
            + (servesSite ? ", the site to GET /site/" : "")
    }
}
