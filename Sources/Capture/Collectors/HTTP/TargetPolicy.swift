import Foundation
import Settings

/// Where an `http` collector may connect, so that a webhook label or a redirect cannot point
/// Aftermath at the cloud metadata service or at what only this machine can reach (SSRF):
/// - a target whose address is loopback, link-local (169.254/16, fe80::/10, the metadata
///   address 169.254.169.254 among them), another metadata address or unspecified is refused,
///   unless the configured URL itself names an address of that kind (a URL template whose host
///   comes from a label names none);
/// - a redirect is followed only to the first URL's scheme, host and port, or to a host in
///   `redirect_hosts`, and its target must pass the address check too.
/// Names are resolved here, and again by the HTTP client when it connects: a DNS server that
/// answers differently the second time is not covered (see SECURITY.md).
struct TargetPolicy: Sendable {
    /// Address kinds a target may not have unless the configured URL names one of them.
    enum Kind: String, Sendable, CaseIterable {
        case loopback = "loopback"
        case linkLocal = "link-local"
        case metadata = "a cloud metadata address"
        case unspecified = "unspecified"
    }

    let namedKinds: Set<Kind>
    let start: EndpointURL
    let redirectHosts: Set<String>
    let resolve: @Sendable (String) -> [IPAddress]

    /// `configured`: the collector's `url` as written (before labels are filled in).
    init(
        configured: String, start: EndpointURL, redirectHosts: [String],
        resolve: @escaping @Sendable (String) -> [IPAddress] = TargetPolicy.systemResolve
    ) {
        self.start = start
        self.redirectHosts = Set(redirectHosts.map { $0.lowercased() })
        self.resolve = resolve
        if let host = URLComponents(string: configured.trimmingCharacters(in: .whitespaces))?.host, !host.contains("{") {
            namedKinds = Set(Self.addresses(of: host, resolve: resolve).flatMap(Self.kinds))
        } else {
            namedKinds = []
        }
    }

    /// Why `target` may not be fetched, or nil.
    func refusal(for target: EndpointURL) -> String? {
        guard let host = target.host else { return "it has no host" }
        for address in Self.addresses(of: host, resolve: resolve) {
            if let kind = Self.kinds(address).first(where: { !namedKinds.contains($0) }) {
                let shown = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) == address.description ? host : "\(host) (\(address))"
                let metadata = address.description == "169.254.169.254" ? ", the cloud metadata address" : ""
                return "\(shown) is \(kind.rawValue)\(metadata), and the configured URL does not name such an address"
            }
        }
        return nil
    }

    /// Why a redirect to `target` may not be followed, or nil.
    func redirectRefusal(to target: EndpointURL) -> String? {
        if target.sameOrigin(as: start) { return refusal(for: target) }
        if let host = target.host?.lowercased(), redirectHosts.contains(host) { return refusal(for: target) }
        return "redirects are followed only to \(start.origin) or to a host in redirect_hosts"
    }

    /// The literal address, or what the name resolves to.
    static func addresses(of host: String, resolve: (String) -> [IPAddress]) -> [IPAddress] {
        if let literal = IPAddress(host) { return [literal] }
        return resolve(host)
    }

    static func kinds(_ address: IPAddress) -> [Kind] {
        var kinds: [Kind] = []
        if address.isLoopback { kinds.append(.loopback) }
        if address.isLinkLocal { kinds.append(.linkLocal) }
        if address.isMetadataService { kinds.append(.metadata) }
        if address.isUnspecified { kinds.append(.unspecified) }
        return kinds
    }

    static let systemResolve: @Sendable (String) -> [IPAddress] = { name in
        LoopbackAddress.resolveAddresses(name).compactMap(IPAddress.init)
    }
}
