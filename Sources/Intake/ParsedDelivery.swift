import AftermathCore

/// The result of parsing one delivery: a dedup key and what it says.
public struct ParsedDelivery: Sendable, Equatable {
    /// Redeliveries of the same webhook produce the same key.
    public var dedupKey: String
    public var signals: [Signal]
    /// Changes the delivery reports (a deploy), stored apart from incidents.
    public var changes: [ChangeEvent] = []
    /// Set when the body was well-formed but of a shape Aftermath does not interpret
    /// (an Alertmanager custom `payload`): kept as an opaque delivery with this reason.
    public var opaqueReason: String?
}
