@testable import Archive
import Foundation
import Testing

/// `SeriesCodec.decode`'s fast path gives exactly what `JSONDecoder` gives for what the codec
/// writes, and leaves everything else to it.
@Suite("Stored series: the fast reader")
struct SeriesJSONReaderTests {
    /// `JSONDecoder` configured as the codec's own.
    static func reference(_ data: Data) throws -> [MetricSeries] {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return try decoder.decode([MetricSeries].self, from: data)
    }

    /// Equal down to each value's bits (NaN included, -0 told from 0).
    static func same(_ a: [MetricSeries], _ b: [MetricSeries]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            x.labels == y.labels && x.query == y.query && x.sourceURL == y.sourceURL && x.step.bitPattern == y.step.bitPattern
                && x.points.count == y.points.count
                && zip(x.points, y.points).allSatisfy { $0.t.bitPattern == $1.t.bitPattern && $0.v.bitPattern == $1.v.bitPattern }
        }
    }

    @Test("What the codec writes reads back bit for bit as JSONDecoder reads it")
    func matchesJSONDecoder() throws {
        let values: [Double] = [
            0, -0.0, 1, -1, 0.1, 1.5, 2.0 / 3, 1e-300, 5e-324, .leastNormalMagnitude, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
            1_796_000_000.125, 123_456_789_012_345_678, .nan, .infinity, -.infinity, 1e21, 1e-7,
        ]
        let series = [
            MetricSeries(
                labels: ["__name__": "http_errors_total", "path": "/api/v1/\"quoted\"\\back", "tab": "a\tb\nc", "ünï": "çödé 🚀", "": "empty"],
                points: values.enumerated().map { MetricPoint(t: 1_796_000_000 + Double($0.offset) * 15.5, v: $0.element) },
                query: #"sum(rate(http_errors_total{job="api",path=~"/v1/.*"}[5m]))"#, step: 15.5,
                sourceURL: "http://127.0.0.1:9090/api/v1/query_range?query=up&step=15"),
            MetricSeries(labels: [:], points: [], query: "", step: 0, sourceURL: ""),
        ]
        let stored = try SeriesCodec.encode(series)
        let fast = try #require(SeriesJSONReader.read(stored))
        #expect(Self.same(fast, try Self.reference(stored)))
        #expect(Self.same(fast, series))
        #expect(Self.same(try SeriesCodec.decode(stored), series))
    }

    @Test("Whitespace and key order are read; anything the reader does not know is left to JSONDecoder")
    func strictness() throws {
        let spaced = #" [ { "step" : 15 , "points" : [ { "v" : "NaN" , "t" : 1.5e3 } ] , "labels" : { "a" : "b" } , "query" : "q" , "sourceURL" : "u" } ] "#
        let read = try #require(SeriesJSONReader.read(Data(spaced.utf8)))
        #expect(Self.same(read, try Self.reference(Data(spaced.utf8))))
        let point = #"{"t":1,"v":2}"#
        func one(labels: String = "{}", points: String = "[\(point)]", rest: String = #""query":"q","sourceURL":"u","step":1"#) -> String {
            #"[{"labels":\#(labels),"points":\#(points),\#(rest)}]"#
        }
        #expect(SeriesJSONReader.read(Data(one().utf8)) != nil)
        let refused = [
            one(rest: #""query":"q","sourceURL":"u","step":1,"extra":1"#),  // unknown key
            one(rest: #""query":"q","query":"r","sourceURL":"u","step":1"#),  // repeated key
            one(labels: #"{"a":"1","a":"2"}"#),  // repeated label
            one(labels: #"{"a":"\u00e9"}"#),  // \u escape
            one(points: #"[{"t":01,"v":2}]"#),  // leading zero
            one(points: #"[{"t":1e400,"v":2}]"#),  // out of range
            one(points: #"[{"t":1,"v":"Infinity"}]"#),  // not the codec's spelling
            one(points: #"[{"t":1}]"#),  // missing value
            one(rest: #""query":"q","sourceURL":"u""#),  // missing step
            one() + "x", "[", "", "{}",
        ]
        for text in refused {
            #expect(SeriesJSONReader.read(Data(text.utf8)) == nil, "\(text)")
        }
        // The codec still decodes what JSONDecoder accepts among them, and fails where it fails.
        #expect(try SeriesCodec.decode(Data(one(labels: #"{"a":"\u00e9"}"#).utf8)).first?.labels == ["a": "é"])
        #expect(throws: (any Error).self) { try SeriesCodec.decode(Data(one(points: #"[{"t":1}]"#).utf8)) }
    }
}
