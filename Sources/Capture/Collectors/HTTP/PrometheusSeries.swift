import Foundation

/// One series of Prometheus's documented `/api/v1/query_range` answer (`resultType` `matrix`):
/// `{"metric":{…},"values":[[<unix>,"<value>"],…]}` (native histograms are not kept).
struct PrometheusSeries: APIResult {
    static let resultType = "matrix"

    var metric: [String: String]
    var values: [Sample]

    enum CodingKeys: String, CodingKey { case metric, values }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        metric = try container.decodeIfPresent([String: String].self, forKey: .metric) ?? [:]
        values = try container.decodeIfPresent([Sample].self, forKey: .values) ?? []
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
