import AftermathCore
import Foundation

/// One webhook as it arrived: the exact body bytes and headers, before anything is decoded.
public struct WebhookRequest: Sendable {
    public var source: WebhookSource
    /// Header names as received; look them up with `header(_:)` (case-insensitive).
    public var headers: [(name: String, value: String)]
    /// The raw body. Signatures are checked over these bytes.
    public var body: [UInt8]
    /// The last path segment of `/hooks/<source>/<token>`, when the sender uses a path token.
    public var pathToken: String?
    public var receivedAt: Date

    public init(source: WebhookSource, headers: [(name: String, value: String)], body: [UInt8], pathToken: String? = nil, receivedAt: Date) {
        self.source = source
        self.headers = headers
        self.body = body
        self.pathToken = pathToken
        self.receivedAt = receivedAt
    }

    /// The first value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Why a payload could not be read: which source, where in the document, and why.
public struct PayloadError: Error, Equatable, CustomStringConvertible, Sendable {
    public var source: WebhookSource
    /// A JSON path such as `alerts[1].startsAt`, or `$` for the whole body.
    public var path: String
    public var reason: String

    public var description: String { "\(source.rawValue) payload at \(path): \(reason)" }
}

/// The outcome of checking a request's credentials.
public enum AuthenticationResult: Equatable, Sendable {
    case accepted
    /// No credentials where some are required: answer 401.
    case missing(String)
    /// Credentials present but wrong (bad token, bad signature, stale timestamp): answer 403.
    case rejected(String)
}
