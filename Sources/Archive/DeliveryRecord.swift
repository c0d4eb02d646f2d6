import AftermathCore
import Foundation
import GRDB

/// What became of an accepted delivery.
public enum DeliveryDisposition: String, Codable, Sendable {
    /// Parsed and applied to incidents.
    case applied
    /// Authenticated but unreadable: kept with the parse error for a person to look at.
    case quarantined
    /// Well-formed but of a shape Aftermath does not interpret (a custom template): kept as is.
    case opaque
}

/// A row of `delivery`: the raw webhook exactly as received (credentials masked in headers).
public struct DeliveryRecord: Codable, Sendable, Equatable, FetchableRecord, TableRecord {
    public static let databaseTableName = "delivery"

    public var id: Int64
    public var source: WebhookSource
    public var dedupKey: String
    public var receivedAt: Date
    /// JSON `[[name, value], …]`.
    public var headers: String
    public var body: Data
    public var bodySHA256: String
    public var disposition: DeliveryDisposition
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case id, source, headers, body, disposition, error
        case dedupKey = "dedup_key", receivedAt = "received_at", bodySHA256 = "body_sha256"
    }
}
