import HTTPTypes
import Hummingbird
import Logging

/// Webhook senders and API clients are programs, not browsers. On `/hooks/` and `/api/` this
/// refuses, from the headers alone (before any body is read):
/// - a request carrying `Origin`, or `Sec-Fetch-Site` other than `none` / `same-origin`: a web
///   page the operator's browser visits cannot post to Aftermath, not even with `no-cors`;
/// - a body in a content type that is not JSON (every source and the API read JSON; the types a
///   page may send without CORS are form and text types). A missing content type is accepted:
///   healthchecks.io sends none unless told to;
/// - a request through a proxy to a source that has no credentials: its loopback listener says
///   nothing about who is asking. Answered 403 and logged, so the operator configures credentials.
struct SenderGuardMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// Enabled sources without credentials (accepted on loopback only).
    let unauthenticatedSources: Set<String>
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let isHook = path.hasPrefix("/hooks/")
        guard isHook || path.hasPrefix("/api/") else { return try await next(request, context) }
        if let origin = request.headers[.origin] {
            return refuse(request, .forbidden, "browsers may not send requests here (Origin: \(origin.prefix(200))); webhook senders and API clients do not send Origin")
        }
        if let site = request.headers[.secFetchSite], !["none", "same-origin"].contains(site.lowercased()) {
            return refuse(request, .forbidden, "browsers may not send requests here (Sec-Fetch-Site: \(site.prefix(40)))")
        }
        if let type = request.headers[.contentType], !Self.isJSON(type) {
            return refuse(request, .unsupportedMediaType, "expected a JSON body (Content-Type: application/json), got \(type.prefix(100))")
        }
        if isHook, let source = path.split(separator: "/").dropFirst().first, unauthenticatedSources.contains(String(source)),
           let proxy = ProxyHeaders.present(in: request.headers) {
            logger.warning("webhook through a proxy refused: the source has no credentials", metadata: [
                "source": "\(source)", "header": "\(proxy)", "configure": "sources.\(source).bearer_token_file (or another credential)",
            ])
            return JSONResponse.error(.forbidden, "source \(source) has no credentials, so it accepts only direct requests on loopback; "
                + "this one came through a proxy (\(proxy)). Configure credentials under sources.\(source).")
        }
        return try await next(request, context)
    }

    /// `application/json`, `text/json` or `application/<anything>+json`, parameters ignored.
    static func isJSON(_ contentType: String) -> Bool {
        if contentType == "application/json" { return true }   // what senders send, without the parsing below
        let media = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return media == "application/json" || media == "text/json" || (media.hasPrefix("application/") && media.hasSuffix("+json"))
    }

    private func refuse(_ request: Request, _ status: HTTPResponse.Status, _ reason: String) -> Response {
        logger.warning("browser-like request refused", metadata: ["path": "\(request.uri.path)", "reason": "\(reason)"])
        return JSONResponse.error(status, reason)
    }
}

extension HTTPField.Name {
    /// `Sec-Fetch-Site` (Fetch Metadata): set by browsers, never by the senders.
    static let secFetchSite = Self("Sec-Fetch-Site")!
}
