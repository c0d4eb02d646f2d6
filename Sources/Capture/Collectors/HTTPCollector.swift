import Archive
import AsyncHTTPClient
import Foundation
import NIOHTTP1
import Settings

/// `kind: http`: one GET of the collector's `url` (with `{{labels.NAME}}` URL-encoded) and its
/// `headers`; the body, up to `max_bytes`, is the item's text.
///
/// Only http and https. No loopback, link-local, metadata or unspecified address unless the
/// configured URL names one (`TargetPolicy`). Redirects are followed here, at most three, only to
/// the same scheme, host and port or to `redirect_hosts` (the injected client should be built
/// with `redirectConfiguration: .disallow`; redirects it follows itself count toward the three,
/// and an answer it reached through a refused hop is not kept); configured headers and
/// credentials are not sent to another origin. Userinfo in the URL is sent as Basic auth and never
/// recorded. A non-2xx answer is `failed`, with its body kept.
public struct HTTPCollector: EvidenceCollector {
    let fetcher: BodyFetcher

    /// Redirect hops followed before giving up.
    static let maxRedirects = 3

    /// A collector that sends its requests through `client`.
    public init(client: HTTPClient) {
        self.fetcher = BodyFetcher(client: client)
    }

    /// Always exactly one `.http` item, named after the collector.
    public func collect(_ context: CaptureContext) async -> [CollectedItem] {
        [await fetch(context)]
    }

    /// The request's outcome as an item.
    func fetch(_ context: CaptureContext) async -> CollectedItem {
        let started = context.clock.now()
        var request: [String: String] = [:]
        func item(_ status: EvidenceStatus, _ error: String?, text: String = "") -> CollectedItem {
            CollectedItem(
                header: EvidenceHeader(kind: .http, name: context.collector.name, request: request, status: status, error: error), text: text,
                startedAt: started, finishedAt: context.clock.now())
        }
        guard let template = context.collector.url, !template.trimmingCharacters(in: .whitespaces).isEmpty else {
            return item(.failed, "url is not configured for http collector '\(context.collector.name)'")
        }
        request["url"] = EndpointURL.withoutUserinfo(template)
        let target: EndpointURL
        do {
            let rendered = try QueryTemplate(template).render(labels: context.labels, escaping: .urlComponent)
            request["url"] = EndpointURL.withoutUserinfo(rendered)
            target = try EndpointURL(rendered, what: "url")
        } catch var error as QueryTemplate.MissingLabel {
            error.template = EndpointURL.withoutUserinfo(error.template)  // the password is never recorded
            return item(.failed, error.description)
        } catch {
            return item(.failed, "\(error)")
        }
        request["url"] = target.url
        let policy = TargetPolicy(configured: template, start: target, redirectHosts: context.collector.redirectHosts)
        if let refusal = policy.refusal(for: target) {
            return item(.failed, "GET \(target.url) refused: \(refusal)")
        }
        var headers = HTTPHeaders(context.collector.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        if let credentials = target.credentials, !headers.contains(name: "Authorization") {
            headers.add(name: "Authorization", value: credentials.authorization)
        }
        let deadline = FetchDeadline(
            date: started.addingTimeInterval(context.timeout),
            explanation: "the collector's time limit of \(FetchDeadline.seconds(context.timeout)) ran out", clock: context.clock)
        let outcome = await follow(target, policy: policy, headers: headers, deadline: deadline, maxBytes: context.maxBytes)
        if outcome.final != target { request["final_url"] = outcome.final.url }
        if let refused = outcome.refusedRedirect { request["refused_redirect"] = refused }
        let prefix = "GET \(target.url)"
        guard let response = outcome.response else {
            let failure = outcome.failure ?? FetchFailure(status: .failed, reason: "no response")
            let partial = failure.partial.map { LossyUTF8.decode($0.body, cutAtCap: true) } ?? ""
            if let status = failure.partial?.status.code { request["http_status"] = String(status) }
            return item(failure.status, "\(prefix): \(failure.reason)", text: partial)
        }
        request["http_status"] = String(response.status.code)
        let text = LossyUTF8.decode(response.body, cutAtCap: response.truncated)
        let cap = "body over max_bytes (\(context.maxBytes) bytes): kept the first \(context.maxBytes) bytes"
        guard (200..<300).contains(response.status.code) else {
            return item(.failed, "\(prefix): \(response.statusLine)" + (response.truncated ? "; \(cap)" : ""), text: text)
        }
        return response.truncated ? item(.truncated, "\(prefix): \(cap)", text: text) : item(.ok, nil, text: text)
    }
}
