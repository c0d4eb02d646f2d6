import HTTPTypes

/// Headers a reverse proxy adds. When one is present the peer is a proxy, not the client, so a
/// loopback listener says nothing about who is asking.
enum ProxyHeaders {
    static let names = ["X-Forwarded-For", "Forwarded", "X-Real-IP"].compactMap { HTTPField.Name($0) }

    /// The first proxy header present, by name.
    static func present(in headers: HTTPFields) -> String? {
        names.first { headers[$0] != nil }?.rawName
    }
}
