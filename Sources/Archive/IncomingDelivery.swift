import AftermathCore
import Crypto
import Foundation

/// A webhook ready to be stored: raw bytes, headers with credentials masked, and what it says.
public struct IncomingDelivery: Sendable {
    public var source: WebhookSource
    public var dedupKey: String
    public var receivedAt: Date
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var disposition: DeliveryDisposition
    public var error: String?
    public var signals: [Signal]
    /// Changes it reports (deploys), stored in `change_event` in the same transaction.
    public var changes: [ChangeEvent]

    /// Headers whose values are credentials: stored as `[masked]`.
    public static let credentialHeaders: Set<String> = [
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key", "x-auth-token",
    ]

    public init(
        source: WebhookSource, dedupKey: String, receivedAt: Date, headers: [(name: String, value: String)],
        body: [UInt8], disposition: DeliveryDisposition, error: String? = nil, signals: [Signal],
        changes: [ChangeEvent] = []
    ) {
        self.source = source
        self.dedupKey = dedupKey
        self.receivedAt = receivedAt
        self.headers = headers.map { header in
            Self.credentialHeaders.contains(header.name.lowercased())
                ? (header.name, Self.mask(header.value)) : header
        }
        self.body = body
        self.disposition = disposition
        self.error = error
        self.signals = signals
        self.changes = changes
    }

    /// `Bearer [masked]`: keeps the scheme, never the credential.
    static func mask(_ value: String) -> String {
        let parts = value.split(separator: " ", maxSplits: 1)
        return parts.count == 2 ? "\(parts[0]) [masked]" : "[masked]"
    }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func sha256Hex<D: DataProtocol>(_ bytes: D) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// `[["name","value"],…]`, written directly (Foundation's JSONSerialization is slow on Linux).
    var headersJSON: String {
        "[" + headers.map { "[\(Self.jsonString($0.name)),\(Self.jsonString($0.value))]" }.joined(separator: ",") + "]"
    }

    /// A JSON string literal for `text`.
    static func jsonString(_ text: String) -> String {
        "\"" + DoubleQuoted.escaped(text) + "\""
    }
}

/// What one stored delivery did to one incident; hooks (capture, postmortem) react to it.
public struct IncidentChange: Sendable, Equatable {
    public var incidentID: String
    public var opened = false
    public var reopened = false
    public var acknowledged = false
    public var resolved = false

    public init(incidentID: String) { self.incidentID = incidentID }
}

/// The result of storing a delivery.
public struct IntakeOutcome: Sendable, Equatable {
    /// The stored delivery's id; for a duplicate, the id of the delivery first stored.
    public var deliveryID: Int64
    /// True when the same delivery had been stored before: nothing changed.
    public var duplicate: Bool
    public var changes: [IncidentChange]
    /// How many change events it stored (deploys; duplicates of stored ones not counted).
    public var recordedChanges = 0
}
