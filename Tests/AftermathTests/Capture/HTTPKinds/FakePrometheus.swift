import Foundation
import Hummingbird

/// A small stand-in for Prometheus's `GET /api/v1/query_range`, for what a real Prometheus will
/// not easily produce on demand: NaN and ±Inf samples, hundreds of series, a stalled answer.
/// Queries: `special` (one series: NaN, +Inf, -Inf, 1.5), `many` (50 series × 20 points),
/// `instant` (a vector), `slow` (answers after 3s); anything else: an empty matrix.
enum FakePrometheus {
    /// Adds the query_range route to `router`.
    static func routes(_ router: Router<BasicRequestContext>) {
        router.get("/api/v1/query_range") { request, _ -> Response in
            let parameters = request.uri.queryParameters
            let start = parameters["start"].flatMap { Double(String($0)) } ?? 0
            switch parameters["query"].map(String.init) ?? "" {
            case "special":
                let values = ["NaN", "+Inf", "-Inf", "1.5"].enumerated().map { "[\(start + Double($0)),\"\($1)\"]" }
                return FakeServer.response(.ok, matrix([#"{"__name__":"odd","job":"x"}"#: values]))
            case "many":
                var series: [String: [String]] = [:]
                for index in 0..<50 {
                    series[#"{"__name__":"many","index":"\#(String(format: "%02d", index))"}"#] = (0..<20).map { "[\(start + Double($0)),\"\($0)\"]" }
                }
                return FakeServer.response(.ok, matrix(series))
            case "instant":
                return FakeServer.response(.ok, #"{"status":"success","data":{"resultType":"vector","result":[]}}"#)
            case "slow":
                try await Task.sleep(for: .seconds(3))
                return FakeServer.response(.ok, matrix([:]))
            default:
                return FakeServer.response(.ok, matrix([:]))
            }
        }
    }

    /// `{"status":"success","data":{"resultType":"matrix","result":[…]}}` with series in label order.
    static func matrix(_ series: [String: [String]]) -> String {
        let result = series.sorted { $0.key < $1.key }.map { #"{"metric":\#($0.key),"values":[\#($0.value.joined(separator: ","))]}"# }
        return #"{"status":"success","data":{"resultType":"matrix","result":[\#(result.joined(separator: ","))]}}"#
    }
}
