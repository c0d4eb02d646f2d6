import Foundation

/// RFC 3339 timestamps as senders write them: 0–9 fractional digits, `Z` or an offset,
/// and Go's zero time (`0001-01-01T00:00:00Z`) meaning "not set".
public enum Timestamp {
    /// Why a timestamp did not parse.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let text: String
        public let reason: String
        public var description: String { "'\(text.prefix(64))' is not an RFC 3339 timestamp: \(reason)" }
    }

    /// Parses `text`; returns nil for Go's zero time and for years before 1900 (unset in practice).
    public static func parse(_ text: String) throws(ParseError) -> Date? {
        let bytes = Array(text.utf8)
        var i = 0
        func fail(_ reason: String) -> ParseError { ParseError(text: text, reason: reason) }
        func digits(_ n: Int, _ what: String) throws(ParseError) -> Int {
            guard i + n <= bytes.count else { throw fail("ends before the \(what)") }
            var v = 0
            for k in 0..<n {
                let b = bytes[i + k]
                guard b >= 48 && b <= 57 else { throw fail("expected digits for the \(what) at offset \(i + k)") }
                v = v * 10 + Int(b - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8, _ what: String) throws(ParseError) {
            guard i < bytes.count, bytes[i] == c else { throw fail("expected '\(Character(UnicodeScalar(c)))' \(what) at offset \(i)") }
            i += 1
        }
        let year = try digits(4, "year")
        try expect(UInt8(ascii: "-"), "after the year")
        let month = try digits(2, "month")
        try expect(UInt8(ascii: "-"), "after the month")
        let day = try digits(2, "day")
        guard i < bytes.count, [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(bytes[i]) else {
            throw fail("expected 'T' between date and time at offset \(i)")
        }
        i += 1
        let hour = try digits(2, "hour")
        try expect(UInt8(ascii: ":"), "after the hour")
        let minute = try digits(2, "minute")
        try expect(UInt8(ascii: ":"), "after the minute")
        let second = try digits(2, "second")
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60 else {
            throw fail("a field is out of range")
        }
        var nanos = 0
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            var count = 0
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                if count < 9 { nanos = nanos * 10 + Int(bytes[i] - 48) }
                count += 1
                i += 1
            }
            guard count > 0 else { throw fail("no digits after the decimal point") }
            guard count <= 9 else { throw fail("more than 9 fractional digits") }
            for _ in count..<9 { nanos *= 10 }
        }
        guard i < bytes.count else { throw fail("missing time zone ('Z' or ±hh:mm)") }
        var offset = 0
        switch bytes[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            let oh = try digits(2, "offset hours")
            try expect(UInt8(ascii: ":"), "in the offset")
            let om = try digits(2, "offset minutes")
            offset = sign * (oh * 3600 + om * 60)
        default:
            throw fail("unexpected character at offset \(i)")
        }
        guard i == bytes.count else { throw fail("trailing characters at offset \(i)") }
        if year < 1900 { return nil }  // Go's zero time 0001-01-01 and friends: unset
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds) + TimeInterval(nanos) / 1e9)
    }

    /// `2026-11-27T11:42:14.186Z`: UTC, milliseconds when there are any.
    public static func format(_ date: Date) -> String {
        format(date, alwaysMillis: false)
    }

    /// `2026-11-27T11:42:14.000Z`: always with milliseconds, so columns of log lines align.
    public static func formatMillis(_ date: Date) -> String {
        format(date, alwaysMillis: true)
    }

    private static func format(_ date: Date, alwaysMillis: Bool) -> String {
        let total = representable(date.timeIntervalSince1970)
        var seconds = Int(saturating: total.rounded(.down))
        var millis = Int(saturating: ((total - TimeInterval(seconds)) * 1000).rounded())
        if millis == 1000 { seconds += 1; millis = 0 }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secOfDay = seconds - days * 86_400
        let (y, m, d) = civilFromDays(days)
        // As `%04d-%02d-%02dT%02d:%02d:%02d`, without String(format:) (a search prints thousands).
        let base = padded(y, 4) + "-" + padded(m, 2) + "-" + padded(d, 2) + "T" + padded(secOfDay / 3600, 2) + ":"
            + padded(secOfDay / 60 % 60, 2) + ":" + padded(secOfDay % 60, 2)
        return millis == 0 && !alwaysMillis ? base + "Z" : base + "." + padded(millis, 3) + "Z"
    }

    /// `value` in decimal, zero-padded to `width` characters (the sign included), as printf's `%0*d`.
    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - sign.count - digits.count)) + digits
    }

    /// Seconds since 1970 limited to ±10^15 (some 30 million years), so calendar arithmetic on
    /// them cannot overflow whatever a payload or a clock says (NaN reads as 0).
    public static func representable(_ seconds: TimeInterval) -> TimeInterval {
        seconds.isNaN ? 0 : min(max(seconds, -1e15), 1e15)
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`), without Foundation's Calendar.
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// (year, month, day) of a day count since 1970-01-01 (Hinnant's `civil_from_days`).
    public static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
