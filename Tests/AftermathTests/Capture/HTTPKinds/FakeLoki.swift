import Foundation
import Hummingbird

/// A stand-in for Loki's `GET /loki/api/v1/query_range` (no Loki is packaged on these machines):
/// answers in Loki's documented streams format, honouring `start` (inclusive), `end` (exclusive),
/// `limit` and `direction=forward` like Loki does, but returning every stream whatever the selector.
struct FakeLoki: Sendable {
    /// One stream: its labels and `(unix ns, line)` entries.
    struct Stream: Sendable {
        var labels: [String: String]
        var entries: [(nanoseconds: Int64, line: String)]
    }

    var streams: [Stream]
    /// Queries answered with Loki's plain-text 400 parse error instead.
    var brokenQuery = "{app=\"broken\""
    /// The parse error Loki gives for `brokenQuery`.
    static let parseError = "parse error at line 1, col 14: syntax error: unexpected $end, expecting } or ,"

    /// Adds the query_range route to `router`.
    func routes(_ router: Router<BasicRequestContext>) {
        router.get("/loki/api/v1/query_range") { request, _ -> Response in
            let parameters = request.uri.queryParameters
            let query = parameters["query"].map(String.init) ?? ""
            if query == brokenQuery {
                return FakeServer.response(.badRequest, Self.parseError + "\n", contentType: "text/plain; charset=utf-8")
            }
            let start = parameters["start"].flatMap { Int64($0) } ?? 0
            let end = parameters["end"].flatMap { Int64($0) } ?? .max
            let limit = parameters["limit"].flatMap { Int($0) } ?? 100
            return FakeServer.response(.ok, body(start: start, end: end, limit: limit))
        }
    }

    /// The oldest `limit` entries in `[start, end)`, grouped back into their streams.
    func body(start: Int64, end: Int64, limit: Int) -> String {
        var all: [(stream: Int, nanoseconds: Int64, line: String)] = []
        for (index, stream) in streams.enumerated() {
            for entry in stream.entries where entry.nanoseconds >= start && entry.nanoseconds < end {
                all.append((index, entry.nanoseconds, entry.line))
            }
        }
        let kept = all.sorted { $0.nanoseconds < $1.nanoseconds }.prefix(limit)
        let result = streams.enumerated().compactMap { index, stream -> String? in
            let values = kept.filter { $0.stream == index }.map { "[\(json($0.nanoseconds.description)),\(json($0.line))]" }
            return values.isEmpty ? nil : #"{"stream":\#(json(stream.labels)),"values":[\#(values.joined(separator: ","))]}"#
        }
        // Loki's own key order: status, then data with resultType before result.
        return #"{"status":"success","data":{"resultType":"streams","result":[\#(result.joined(separator: ","))],"stats":{"summary":{"totalEntriesReturned":\#(kept.count)}}}}"#
    }

    private func json(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
