import AftermathCore
import Archive
import Foundation
import Intake
import Settings
import Testing

@testable import Capture
@testable import Site

/// Every floating-point → integer conversion fed the values a payload or a clock can produce:
/// none may trap (Swift's `Int(_: Double)` ends the process on NaN, ±∞ or out of range).
@Suite("Float to integer conversions never trap")
struct NumericConversionTests {
    static let hostile: [Double] = [
        .nan, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude, 1e300, -1e300,
        9.223372036854775807e18, -9.223372036854775808e18, 1.8446744073709552e19, 0, -0.0, 1e-300,
    ]

    @Test("Int64/Int/UInt64(saturating:) clamp and map NaN to 0")
    func saturating() {
        #expect(Int64(saturating: .nan) == 0)
        #expect(Int64(saturating: .infinity) == .max)
        #expect(Int64(saturating: -.infinity) == .min)
        #expect(Int64(saturating: 9.223372036854775807e18) == .max)
        #expect(Int64(saturating: -9.223372036854775808e18) == .min)
        #expect(Int64(saturating: 42.9) == 42)
        #expect(Int64(saturating: -42.9) == -42)
        #expect(UInt64(saturating: -5) == 0)
        #expect(UInt64(saturating: 1.8446744073709552e19) == .max)
        #expect(Int32(saturating: 3e9) == .max)
        for value in Self.hostile {
            _ = Int(saturating: value)
            _ = UInt8(saturating: value)
        }
    }

    @Test("Durations and sleeps built from hostile seconds stay within 0…100 years")
    func durations() {
        #expect(Duration.saturatingSeconds(.nan) == .zero)
        #expect(Duration.saturatingSeconds(-5) == .zero)
        #expect(Duration.saturatingSeconds(1.5) == .milliseconds(1500))
        #expect(Duration.saturatingSeconds(.infinity) == Duration.saturatingSeconds(1e300))
        #expect(Duration.saturatingSeconds(1e300) <= .seconds(3_155_760_000))
        #expect(TimeInterval.nan.sleepNanoseconds == 0)
        #expect((-1.0).sleepNanoseconds == 0)
        #expect(TimeInterval.infinity.sleepNanoseconds == .max)
    }

    @Test("Year 2300, year 1 and the end of Int64 nanoseconds format as text without trapping")
    func timestamps() throws {
        let y2300 = try #require(try Timestamp.parse("2300-01-01T00:00:00Z"))
        #expect(Timestamp.format(y2300) == "2300-01-01T00:00:00Z")
        #expect(Display.iso(y2300) == "2300-01-01T00:00:00Z")
        #expect(Display.time(y2300) == "2300-01-01 00:00:00 UTC")
        for value in Self.hostile {
            let date = Date(timeIntervalSince1970: value)
            _ = Timestamp.format(date)
            _ = Timestamp.formatMillis(date)
            _ = Display.iso(date)
            _ = Display.time(date)
            _ = Display.duration(value)
            _ = DurationText.format(value)
            _ = ProcessOutcome.seconds(value)
        }
    }

    @Test("Loki's nanosecond window bounds saturate: year 2300 is past Int64 nanoseconds")
    func lokiNanoseconds() throws {
        let y2300 = try #require(try Timestamp.parse("2300-01-01T00:00:00Z"))
        #expect(LokiCollector.nanoseconds(y2300) == .max)
        #expect(LokiCollector.nanoseconds(Date(timeIntervalSince1970: -1e300)) == .min)
        #expect(LokiCollector.nanoseconds(Date(timeIntervalSince1970: 1_795_000_000.5)) == 1_795_000_000_500_000_000)
    }

    @Test("Range steps over absurd windows and chart axes over absurd values do not trap")
    func chartsAndSteps() {
        for value in Self.hostile {
            _ = RangeStep.points(over: value, step: 15)
            _ = RangeStep.points(over: 3600, step: value)
            _ = ChartAxis.timeTicks(start: 0, end: value)
            _ = ChartAxis.timeTicks(start: -value, end: value)
            _ = ChartAxis.timeLabel(value, seconds: true, withDate: true)
            _ = ChartAxis.format(value, step: value)
            _ = ChartAxis.format(1, step: 0)
        }
        let series = [MetricSeries(
            labels: ["__name__": "x"], points: Self.hostile.enumerated().map { MetricPoint(t: Double($0.offset), v: $0.element) },
            query: "x", step: 1, sourceURL: "http://p")]
        let svg = MetricChart().render(title: "hostile", series: series, window: nil, marks: ChartMarks())
        #expect(svg.contains("<svg"))
    }

    @Test("A Grafana timestamp header of Int64.max is refused, not a crash")
    func hmacTimestampOverflow() throws {
        let config = try AftermathConfig.parse(yaml: """
            sources:
              grafana:
                hmac_secret_env: S
                hmac_timestamp_header: X-Grafana-Alerting-Timestamp
            """).source(.grafana)
        let auth = try SourceAuthenticator(config: config, environment: ["S": "secret"])
        for stamp in ["9223372036854775807", "-9223372036854775808"] {
            let request = WebhookRequest(
                source: .grafana,
                headers: [("X-Grafana-Alerting-Signature", String(repeating: "ab", count: 32)), ("X-Grafana-Alerting-Timestamp", stamp)],
                body: Array("{}".utf8), receivedAt: Date(timeIntervalSince1970: 1_795_000_000))
            guard case .rejected(let reason) = auth.authenticate(request, now: request.receivedAt) else {
                Issue.record("expected a refusal for timestamp \(stamp)")
                continue
            }
            #expect(reason.contains("s from now"))
        }
    }

    @Test("Durations longer than a century are configuration errors, not later overflows")
    func configDurations() throws {
        #expect(throws: DurationText.ParseError.self) { try DurationText.parse("99999999999999999999999d") }
        #expect(throws: DurationText.ParseError.self) { try DurationText.parse("101w0d5200w") }
        #expect(try DurationText.parse("36500d") == 36_500 * 86_400)
        #expect(throws: ConfigError.self) { try AftermathConfig.parse(yaml: "capture:\n  timeout: 9999999999999999999h\n") }
    }
}
