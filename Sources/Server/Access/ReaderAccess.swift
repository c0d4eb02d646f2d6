import HTTPTypes
import Hummingbird
import Intake
import Logging

/// The rule for whoever reads or annotates the archive over HTTP (the notes API, the site under
/// `/site/`, `/metrics`): the configured credentials when there are any; without them, only on
/// a loopback listener and only for requests that did not come through a proxy.
struct ReaderAccess: Sendable {
    let credentials: ReaderCredentials
    let listensOnLoopback: Bool
    /// Names the route in answers and logs: `the notes API`, `the site`.
    let what: String
    /// The configuration that would give it credentials: `api.bearer_token_file`.
    let configKey: String
    let logger: Logger

    /// Nil when the request may proceed; otherwise the answer refusing it.
    func refusal(_ request: Request) -> Response? {
        guard credentials.isConfigured else {
            guard listensOnLoopback else {
                return JSONResponse.error(.forbidden, "\(what) needs credentials (\(configKey)) when the server listens beyond loopback")
            }
            if let proxy = ProxyHeaders.present(in: request.headers) {
                logger.warning("request through a proxy refused: \(what) has no credentials", metadata: [
                    "header": "\(proxy)", "path": "\(request.uri.path)", "configure": "\(configKey)",
                ])
                return JSONResponse.error(.forbidden, "\(what) has no credentials, so it answers only direct requests on loopback; "
                    + "this one came through a proxy (\(proxy)). Configure \(configKey).")
            }
            return nil
        }
        switch credentials.verify(authorization: request.headers[.authorization]) {
        case .accepted:
            return nil
        case .missing(let reason):
            return JSONResponse.error(.unauthorized, reason, headers: [.wwwAuthenticate: challenge])
        case .rejected(let reason):
            // A browser asked for a password is asked again; a program with a wrong token is refused.
            return credentials.acceptsBasic
                ? JSONResponse.error(.unauthorized, reason, headers: [.wwwAuthenticate: challenge])
                : JSONResponse.error(.forbidden, reason)
        }
    }

    private var challenge: String {
        credentials.acceptsBasic ? "Basic realm=\"aftermath\", charset=\"UTF-8\"" : "Bearer realm=\"aftermath\""
    }
}
