import Foundation

/// Loki's documented `/loki/api/v1/query_range` answer for log queries:
/// `{"status":"success","data":{"resultType":"streams","result":[{"stream":{…},"values":[["<ns>","<line>"],…]}]}}`.
struct LokiStreamsResponse: APIEnvelope {
    var status: String
    var data: Payload?
    var errorType: String?
    var error: String?

    /// `data`: the result type, and the streams when it is `streams`.
    struct Payload: Decodable, APIPayload {
        var resultType: String
        /// Only decoded for `streams` (metric queries return a `matrix`, which is reported instead).
        var result: [Stream]

        enum CodingKeys: String, CodingKey { case resultType, result }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            resultType = try container.decode(String.self, forKey: .resultType)
            result = resultType == "streams" ? (try container.decodeIfPresent([Stream].self, forKey: .result) ?? []) : []
        }
    }

    /// One stream: its labels and `["<unix ns>", "<line>"]` entries.
    struct Stream: Decodable, Sendable {
        var stream: [String: String]
        var values: [Entry]

        enum CodingKeys: String, CodingKey { case stream, values }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            stream = try container.decodeIfPresent([String: String].self, forKey: .stream) ?? [:]
            values = try container.decodeIfPresent([Entry].self, forKey: .values) ?? []
        }
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
