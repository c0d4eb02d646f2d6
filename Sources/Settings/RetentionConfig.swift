import AftermathCore
import Foundation

/// `retention`: how long evidence content and raw webhook bodies are kept. Absent = kept forever.
/// Postmortems, timelines, hashes, metadata and the evidence chain are never removed.
public struct RetentionConfig: Sendable, Equatable {
    /// `retention.evidence_content`: age (from storage) after which an item's content and indexed lines go.
    public var evidenceContent: TimeInterval?
    /// `retention.raw_deliveries`: age after which a webhook's raw body and headers go.
    public var rawDeliveries: TimeInterval?
    /// `retention.collectors.<name>`: per collector, overriding `evidence_content`.
    public var collectors: [String: TimeInterval] = [:]
    /// `retention.interval`: how often `serve` applies the policy; default 1h.
    public var interval: TimeInterval = 3600

    public init(evidenceContent: TimeInterval? = nil, rawDeliveries: TimeInterval? = nil, collectors: [String: TimeInterval] = [:], interval: TimeInterval = 3600) {
        self.evidenceContent = evidenceContent
        self.rawDeliveries = rawDeliveries
        self.collectors = collectors
        self.interval = interval
    }

    /// Whether any key removes something.
    public var isConfigured: Bool { evidenceContent != nil || rawDeliveries != nil || !collectors.isEmpty }
}

struct RetentionSection: Decodable {
    var config = RetentionConfig()

    enum CodingKeys: String, CodingKey, CaseIterable { case evidence_content, raw_deliveries, collectors, interval }

    init(from decoder: any Decoder) throws {
        let c = try decoder.strictContainer(keyedBy: CodingKeys.self)
        config.evidenceContent = try Self.positive(c, .evidence_content)
        config.rawDeliveries = try Self.positive(c, .raw_deliveries)
        if let interval = try Self.positive(c, .interval) { config.interval = interval }
        for (name, text) in try c.decodeIfPresent([String: String].self, forKey: .collectors) ?? [:] {
            let path = "retention.collectors.\(name)"
            do {
                let age = try DurationText.parse(text)
                guard age > 0 else { throw ConfigError.invalidValue(path: path, reason: "must be longer than 0") }
                config.collectors[name] = age
            } catch let error as DurationText.ParseError {
                throw ConfigError.invalidValue(path: path, reason: error.description)
            }
        }
    }

    private static func positive(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> TimeInterval? {
        guard let age = try c.decodeDuration(key) else { return nil }
        guard age > 0 else { throw ConfigError.invalidValue(path: "retention.\(key.stringValue)", reason: "must be longer than 0 (leave the key out to keep forever)") }
        return age
    }
}
