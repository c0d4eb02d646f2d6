import AftermathCore
import Archive
import Foundation
import Testing

/// Metric series as the archive stores them: NaN and ±Inf survive the one codec, and
/// `aftermath evidence show` prints what was stored.
@Suite("Stored series")
struct StoredSeriesTests {
    static let values = [1.5, .nan, .infinity, -.infinity, 2.0]

    static func series(start: Double) -> [MetricSeries] {
        [MetricSeries(
            labels: ["__name__": "http_error_ratio", "service": "checkout"],
            points: values.enumerated().map { MetricPoint(t: start + Double($0.offset) * 15, v: $0.element) },
            query: "http_error_ratio", step: 15, sourceURL: "http://127.0.0.1:9090/api/v1/query_range")]
    }

    @Test("NaN and ±Inf are stored as Prometheus' strings and read back as the same values")
    func codecRoundTrip() throws {
        let stored = try SeriesCodec.encode(Self.series(start: 0))
        let text = String(decoding: stored, as: UTF8.self)
        #expect(text.contains(#""NaN""#) && text.contains(#""+Inf""#) && text.contains(#""-Inf""#), "\(text)")
        let back = try #require(try SeriesCodec.decode(stored).first)
        #expect(back.points.count == 5)
        #expect(back.points[1].v.isNaN)
        #expect(back.points[2].v == .infinity && back.points[3].v == -.infinity)
        #expect(back.points[4].v == 2.0)
    }

    @Test("`evidence show` lists a series holding NaN and ±Inf instead of saying there is none")
    func evidenceShowPrintsSeriesWithNonFiniteValues() async throws {
        let fixture = try SiteFixture("stored-series")
        let incident = fixture.incident(1)
        try await fixture.insert([incident])
        let start = incident.start.timeIntervalSince1970
        let ids = try await fixture.addEvidence(incident: incident, items: [fixture.metrics(Self.series(start: start))])
        let id = try #require(ids.first)

        let show = try await aftermath(["evidence", "show", id, "--archive", fixture.archive])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(!show.stdout.contains("(no series)"), "\(show.stdout)")
        let line = try #require(show.stdout.split(separator: "\n").first { $0.hasPrefix("{") }, "\(show.stdout)")
        #expect(line.contains(#"__name__="http_error_ratio",service="checkout""#), "\(line)")
        #expect(line.contains("5 points, step 15.0s"), "\(line)")
        #expect(line.contains("last \(Timestamp.format(Date(timeIntervalSince1970: start + 60))) 2.0"), "\(line)")
    }
}
