import AftermathCore
import Foundation

/// Finds the timestamp a log line starts with, in the formats real logs use:
/// - RFC 3339 / ISO 8601: `2026-11-27T11:42:14Z`, `2026-11-27 11:42:14.123+01:00`,
///   `2026-11-27 11:42:14,123` (Python logging), with or without fraction and zone; also after a
///   `[`, or inside the first 100 bytes of a line that does not start with whitespace
///   (`time="…"`, `{"ts":"…"}`);
/// - syslog: `Nov 27 11:42:14` (the year is taken from the window);
/// - common/combined log format: `[27/Nov/2026:11:42:14 +0000]`.
///
/// Times without a zone are read in `naiveZone`.
public struct LogTimestamp: Sendable {
    /// Lines must have a timestamp close to this window; it also decides syslog's missing year.
    public let window: DateInterval
    /// The zone of times that carry none (syslog, zone-less ISO).
    public let naiveZone: TimeZone

    /// The line's own timestamp, or nil (a continuation line, or no known format).
    public func parse(_ line: String) -> Date? {
        parse(bytes: Array(line.utf8.prefix(256)))
    }

    /// As `parse(_:)`, on the line's first bytes.
    public func parse(bytes: [UInt8]) -> Date? {
        let scanner = ByteScanner(bytes: bytes)
        if scanner.peek == UInt8(ascii: "[") {
            var inner = scanner
            inner.index += 1
            if let date = iso(&inner) { return date }
        }
        var start = scanner
        if let date = iso(&start) { return date }
        start = scanner
        if let date = syslog(&start) { return date }
        if let date = commonLogFormat(bytes) { return date }
        guard let first = bytes.first, first != UInt8(ascii: " "), first != UInt8(ascii: "\t") else { return nil }
        let limit = min(bytes.count, 100)
        var index = 1
        while index + 19 <= limit {
            if ByteScanner.isDigit(bytes[index]), !ByteScanner.isDigit(bytes[index - 1]) {
                var candidate = ByteScanner(bytes: bytes, index: index)
                if let date = iso(&candidate) { return date }
            }
            index += 1
        }
        return nil
    }

    /// `YYYY-MM-DD[T ]HH:MM:SS[.frac|,frac][Z| UTC|±HH:MM|±HHMM|±HH]`
    func iso(_ s: inout ByteScanner) -> Date? {
        guard let year = s.digits(4), s.take("-"), let month = s.digits(2), s.take("-"), let day = s.digits(2) else { return nil }
        guard s.take("T") || s.take("t") || s.take(" ") else { return nil }
        guard let hour = s.digits(2), s.take(":"), let minute = s.digits(2), s.take(":"), let second = s.digits(2) else { return nil }
        var fraction = 0.0
        if s.take(".") || s.take(",") {
            var scale = 0.1
            var any = false
            while let d = s.digit() {
                fraction += Double(d) * scale
                scale /= 10
                any = true
            }
            if !any { return nil }
        }
        var offset: Int?
        if s.take("Z") || s.take("z") {
            offset = 0
        } else if s.peek == UInt8(ascii: "+") || s.peek == UInt8(ascii: "-") {
            let sign = s.peek == UInt8(ascii: "-") ? -1 : 1
            var zone = s
            zone.index += 1
            if let hours = zone.digits(2) {
                var minutes = 0
                if zone.take(":") {
                    guard let m = zone.digits(2) else { return nil }
                    minutes = m
                } else if let m = zone.digits(2) {
                    minutes = m
                }
                offset = sign * (hours * 3600 + minutes * 60)
                s = zone
            }
        } else if s.hasPrefix(" UTC") || s.hasPrefix(" GMT") {
            offset = 0
        }
        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: fraction, offset: offset)
    }

    /// `Mmm dd HH:MM:SS` or `Mmm  d HH:MM:SS`; the year is the one that puts it closest to the window.
    func syslog(_ s: inout ByteScanner) -> Date? {
        guard let month = s.monthName(), s.take(" ") else { return nil }
        _ = s.take(" ")
        guard let day = s.digits(2) ?? s.digits(1), s.take(" ") else { return nil }
        guard let hour = s.digits(2), s.take(":"), let minute = s.digits(2), s.take(":"), let second = s.digits(2) else { return nil }
        var fraction = 0.0
        if s.take(".") {
            var scale = 0.1
            while let d = s.digit() {
                fraction += Double(d) * scale
                scale /= 10
            }
        }
        let years = Calendar(identifier: .gregorian).dateComponents(in: naiveZone, from: window.start).year ?? 1970
        var best: Date?
        var bestDistance = Double.infinity
        for year in (years - 1)...(years + 1) {
            guard let date = makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: fraction, offset: nil) else { continue }
            let distance = date < window.start ? window.start.timeIntervalSince(date) : max(0, date.timeIntervalSince(window.end))
            if distance < bestDistance {
                best = date
                bestDistance = distance
            }
        }
        return best
    }

    /// `[dd/Mmm/yyyy:HH:MM:SS ±zzzz]` within the first 200 bytes.
    func commonLogFormat(_ bytes: [UInt8]) -> Date? {
        let limit = min(bytes.count, 200)
        var index = 0
        while index < limit {
            if bytes[index] == UInt8(ascii: "[") {
                var s = ByteScanner(bytes: bytes, index: index + 1)
                if let day = s.digits(2), s.take("/"), let month = s.monthName(), s.take("/"), let year = s.digits(4), s.take(":"),
                   let hour = s.digits(2), s.take(":"), let minute = s.digits(2), s.take(":"), let second = s.digits(2), s.take(" ")
                {
                    let sign = s.take("-") ? -1 : (s.take("+") ? 1 : 0)
                    if sign != 0, let hours = s.digits(2), let minutes = s.digits(2), s.take("]") {
                        return makeDate(year: year, month: month, day: day, hour: hour, minute: minute, second: second, fraction: 0,
                                        offset: sign * (hours * 3600 + minutes * 60))
                    }
                }
            }
            index += 1
        }
        return nil
    }

    /// The instant for a civil time at `offset` seconds east of UTC (nil: in `naiveZone`).
    func makeDate(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, fraction: Double, offset: Int?) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60 else { return nil }
        let civil = Double(Timestamp.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second) + fraction
        if let offset { return Date(timeIntervalSince1970: civil - Double(offset)) }
        // Zone offset at that instant: guess with the offset at the civil time read as UTC, then correct once.
        let guess = Date(timeIntervalSince1970: civil - Double(naiveZone.secondsFromGMT(for: Date(timeIntervalSince1970: civil))))
        return Date(timeIntervalSince1970: civil - Double(naiveZone.secondsFromGMT(for: guess)))
    }
}
