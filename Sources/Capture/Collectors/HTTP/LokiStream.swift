import Foundation

/// One stream of Loki's documented `/loki/api/v1/query_range` answer for log queries
/// (`resultType` `streams`): `{"stream":{…},"values":[["<ns>","<line>"],…]}`.
struct LokiStream: APIResult {
    static let resultType = "streams"

    var stream: [String: String]
    var values: [Entry]

    enum CodingKeys: String, CodingKey { case stream, values }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        stream = try container.decodeIfPresent([String: String].self, forKey: .stream) ?? [:]
        values = try container.decodeIfPresent([Entry].self, forKey: .values) ?? []
    }

    /// `["1700000000000000000", "line"]`, optionally followed by structured metadata (ignored).
    struct Entry: Decodable, Sendable {
        var nanoseconds: Int64
        var line: String

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            let text = try container.decode(String.self)
            guard let ns = Int64(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "timestamp '\(text)' is not nanoseconds")
            }
            nanoseconds = ns
            line = try container.decode(String.self)
        }
    }
}
