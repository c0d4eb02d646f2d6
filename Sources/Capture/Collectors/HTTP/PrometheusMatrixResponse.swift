import Foundation

/// Prometheus's documented `/api/v1/query_range` answer:
/// `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{…},"values":[[<unix>,"<value>"],…]}]}}`
/// or `{"status":"error","errorType":"bad_data","error":"…"}`.
struct PrometheusMatrixResponse: APIEnvelope {
    var status: String
    var data: Payload?
    var errorType: String?
    var error: String?
    var warnings: [String]?

    /// `data`: the result type, and the series when it is a matrix.
    struct Payload: Decodable, APIPayload {
        var resultType: String
        /// Only decoded for `matrix`; other shapes are reported, not parsed.
        var result: [Series]

        enum CodingKeys: String, CodingKey { case resultType, result }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            resultType = try container.decode(String.self, forKey: .resultType)
            result = resultType == "matrix" ? (try container.decodeIfPresent([Series].self, forKey: .result) ?? []) : []
        }
    }

    /// One series: its labels and `[time, "value"]` samples (native histograms are not kept).
    struct Series: Decodable, Sendable {
        var metric: [String: String]
        var values: [Sample]

        enum CodingKeys: String, CodingKey { case metric, values }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            metric = try container.decodeIfPresent([String: String].self, forKey: .metric) ?? [:]
            values = try container.decodeIfPresent([Sample].self, forKey: .values) ?? []
        }
    }

    /// `[1435781430.781, "1"]`; the value string may be `NaN`, `+Inf`, `-Inf`.
    struct Sample: Decodable, Sendable {
        var time: Double
        var value: String

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            time = try container.decode(Double.self)
            value = try container.decode(String.self)
        }

        /// The value as a number, NaN and ±Inf included.
        var number: Double {
            switch value {
            case "+Inf", "Inf": return .infinity
            case "-Inf": return -.infinity
            case "NaN": return .nan
            default: return Double(value) ?? .nan
            }
        }
    }
}
