@testable import Capture
import Foundation
import Testing

@Suite("Log line timestamps: RFC 3339, syslog, common log format")
struct LogTimestampTests {
    let utc = LogTimestamp(window: HostKindFixtures.window, naiveZone: TimeZone(identifier: "UTC") ?? .current)
    let date = HostKindFixtures.date

    @Test("RFC 3339 and ISO 8601 variants", arguments: [
        ("2026-11-27T11:42:14Z GET /", "2026-11-27T11:42:14Z"),
        ("2026-11-27T11:42:14.123Z x", "2026-11-27T11:42:14.123Z"),
        ("2026-11-27T12:42:14+01:00 x", "2026-11-27T11:42:14Z"),
        ("2026-11-27T06:42:14.5-0500 x", "2026-11-27T11:42:14.5Z"),
        ("2026-11-27 11:42:14,250 ERROR worker", "2026-11-27T11:42:14.25Z"),
        ("2026-11-27 11:42:14 INFO zone-less", "2026-11-27T11:42:14Z"),
        ("[2026-11-27 11:42:14] bracketed", "2026-11-27T11:42:14Z"),
        ("time=\"2026-11-27T11:42:14Z\" level=info", "2026-11-27T11:42:14Z"),
        ("{\"ts\":\"2026-11-27T11:42:14.000Z\",\"msg\":\"x\"}", "2026-11-27T11:42:14Z"),
    ])
    func iso(line: String, expected: String) {
        #expect(utc.parse(line) == date(expected))
    }

    @Test("syslog takes its year from the window, also across new year")
    func syslog() {
        #expect(utc.parse("Nov 27 11:42:14 web-1 api[42]: boom") == date("2026-11-27T11:42:14Z"))
        #expect(utc.parse("Nov  7 01:02:03 web-1 x") == date("2026-11-07T01:02:03Z"))
        let newYear = LogTimestamp(window: DateInterval(start: date("2026-12-31T23:30:00Z"), end: date("2027-01-01T00:30:00Z")),
                                   naiveZone: TimeZone(identifier: "UTC") ?? .current)
        #expect(newYear.parse("Jan  1 00:10:00 host x") == date("2027-01-01T00:10:00Z"))
        #expect(newYear.parse("Dec 31 23:40:00 host x") == date("2026-12-31T23:40:00Z"))
    }

    @Test("zone-less times are read in the given zone")
    func naiveZone() throws {
        let berlin = LogTimestamp(window: HostKindFixtures.window, naiveZone: try #require(TimeZone(identifier: "Europe/Berlin")))
        #expect(berlin.parse("Nov 27 12:42:14 web-1 x") == date("2026-11-27T11:42:14Z"))
        #expect(berlin.parse("2026-07-01 12:00:00 summer") == date("2026-07-01T10:00:00Z"))
    }

    @Test("common and combined log format")
    func clf() {
        #expect(utc.parse(#"10.0.0.1 - - [27/Nov/2026:11:42:14 +0000] "GET / HTTP/1.1" 200 5"#) == date("2026-11-27T11:42:14Z"))
        #expect(utc.parse(#"::1 - bob [27/Nov/2026:12:42:14 +0100] "POST /x" 500 0 "-" "curl""#) == date("2026-11-27T11:42:14Z"))
    }

    @Test("continuation lines have no timestamp", arguments: [
        "\tat com.example.Api.handle(Api.java:42)",
        "    raise TimeoutError('deadline 2026-11-27 11:00:00 passed')",
        "Traceback (most recent call last):",
        "",
        "March on",
        "2026-13-40T99:00:00Z nonsense",
    ])
    func continuation(line: String) {
        #expect(utc.parse(line) == nil)
    }
}
