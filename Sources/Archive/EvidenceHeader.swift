import Foundation

/// What an evidence item is, what was asked of whom, and how it went: the fields a collected
/// item, a stored item (`NewEvidence`) and a capture manifest entry all carry. The manifest
/// writes them as its entry's own keys (`kind`, `name`, `host`, `request`, `status`, `error`).
public struct EvidenceHeader: Codable, Sendable, Equatable {
    public var kind: EvidenceKind
    /// Short and unique within the job: `uptime`, `/var/log/api.log.1.gz`, `query 1`, `alert HighErrorRate`.
    public var name: String
    /// The host it came from (`local` or an allow-listed name); nil for HTTP kinds.
    public var host: String?
    /// What was asked, for the manifest: e.g. `["query": …, "step": "15"]`, `["argv": …]`, `["url": …]`.
    public var request: [String: String]
    public var status: EvidenceStatus
    /// The exact error when status is not ok (a truncated item says what cap it hit).
    public var error: String?

    public init(
        kind: EvidenceKind, name: String, host: String? = nil, request: [String: String], status: EvidenceStatus, error: String? = nil
    ) {
        self.kind = kind
        self.name = name
        self.host = host
        self.request = request
        self.status = status
        self.error = error
    }
}

/// A type that carries an evidence header and reads its fields as its own (`item.kind`, `item.status`).
@dynamicMemberLookup
public protocol HasEvidenceHeader {
    var header: EvidenceHeader { get set }
}

extension HasEvidenceHeader {
    public subscript<Value>(dynamicMember field: WritableKeyPath<EvidenceHeader, Value>) -> Value {
        get { header[keyPath: field] }
        set { header[keyPath: field] = newValue }
    }
}
