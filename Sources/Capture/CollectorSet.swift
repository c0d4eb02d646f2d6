import Settings

/// The collector for each kind, built once with their dependencies.
public struct CollectorSet: Sendable {
    private let byKind: [CollectorKind: any EvidenceCollector]

    public init(_ byKind: [CollectorKind: any EvidenceCollector]) {
        self.byKind = byKind
    }

    public func collector(for kind: CollectorKind) -> (any EvidenceCollector)? {
        byKind[kind]
    }
}
