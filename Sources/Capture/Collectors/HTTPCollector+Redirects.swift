import Archive
import Foundation
import NIOHTTP1

extension HTTPCollector {
    /// Where a GET ended: the last URL asked, and its response or why there is none.
    struct RedirectOutcome: Sendable {
        var final: EndpointURL
        var response: FetchedResponse?
        var failure: FetchFailure?
        /// A redirect target the policy refused, for the item's request.
        var refusedRedirect: String?
    }

    /// GETs `start`, following at most `maxRedirects` redirects that `policy` allows; headers
    /// (credentials included) go only to URLs of the same origin as `start`.
    func follow(
        _ start: EndpointURL, policy: TargetPolicy, headers: HTTPHeaders, deadline: FetchDeadline, maxBytes: Int
    ) async -> RedirectOutcome {
        var current = start
        var hops = 0
        while true {
            let sent = current.sameOrigin(as: start) ? headers : HTTPHeaders()
            let response: FetchedResponse
            switch await fetcher.get(current.url, headers: sent, deadline: deadline, maxBytes: maxBytes) {
            case .success(let fetched): response = fetched
            case .failure(let failure): return RedirectOutcome(final: current, failure: failure)
            }
            // Hops a redirect-following client took on its own: checked after the fact, and an
            // answer reached through a refused one is not kept.
            for hop in response.clientHops {
                guard let target = try? EndpointURL(hop, what: "the redirect target") else { continue }
                if let refusal = policy.redirectRefusal(to: target) {
                    return refused(target, from: current, status: "the HTTP client followed a redirect", reason: refusal)
                }
            }
            hops += response.redirectsFollowedByClient
            if let landed = response.finalURL, let target = try? EndpointURL(landed, what: "the redirect target") {
                current = target
            }
            let redirectCodes: Set<UInt> = [301, 302, 303, 307, 308]
            guard redirectCodes.contains(response.status.code), let location = response.headers.first(name: "Location") else {
                guard hops <= Self.maxRedirects else { return tooMany(current) }
                return RedirectOutcome(final: current, response: response)
            }
            hops += 1
            guard hops <= Self.maxRedirects else { return tooMany(current) }
            guard let next = URL(string: location, relativeTo: URL(string: current.url))?.absoluteString else {
                return RedirectOutcome(
                    final: current,
                    failure: FetchFailure(status: .failed, reason: "\(response.statusLine) with an invalid Location header"))
            }
            let target: EndpointURL
            do {
                target = try EndpointURL(next, what: "the redirect target \(EndpointURL.withoutUserinfo(next))")
            } catch {
                return RedirectOutcome(final: current, failure: FetchFailure(status: .failed, reason: error.description))
            }
            if let refusal = policy.redirectRefusal(to: target) {
                return refused(target, from: current, status: response.statusLine, reason: refusal)
            }
            current = target
        }
    }

    private func refused(_ target: EndpointURL, from current: EndpointURL, status: String, reason: String) -> RedirectOutcome {
        RedirectOutcome(
            final: current,
            failure: FetchFailure(status: .failed, reason: "\(status) to \(target.url): redirect refused: \(reason)"),
            refusedRedirect: target.url)
    }

    private func tooMany(_ last: EndpointURL) -> RedirectOutcome {
        RedirectOutcome(
            final: last,
            failure: FetchFailure(status: .failed, reason: "more than \(Self.maxRedirects) redirects (the last to \(last.url))"))
    }
}
