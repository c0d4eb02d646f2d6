import AftermathCore
import Foundation
import GRDB

/// Times exactly as the archive stores and reads them (`YYYY-MM-DD HH:MM:SS.SSS`, UTC), so a time
/// written to JSON with milliseconds and read back is the same `Date` the database would give.
public enum StoredTime {
    /// The date of an RFC 3339 UTC text with at most millisecond precision (`2026-11-18T11:06:40.123Z`),
    /// through the database's own reading of `2026-11-18 11:06:40.123`; nil for other texts.
    public static func date(rfc3339 text: String) -> Date? {
        guard text.hasSuffix("Z"), text.count >= 20 else { return nil }
        let stored = text.dropLast().replacingOccurrences(of: "T", with: " ")
        return Date.fromDatabaseValue(stored.databaseValue)
    }
}

extension StoredTime {
    /// `date` as reading its stored value back gives it: to the millisecond.
    static func rounded(_ date: Date) -> Date {
        Date.fromDatabaseValue(value(date)) ?? date
    }

    /// `date` as the database stores it: the same text as GRDB's `date.databaseValue`
    /// (`yyyy-MM-dd HH:mm:ss.SSS` in UTC, to the nearest millisecond as its ICU formatter
    /// rounds), written directly for 1970 through 9999 and through GRDB otherwise. Every intake row holds several
    /// times, and GRDB's `DateFormatter` was a few percent of intake's CPU.
    static func value(_ date: Date) -> DatabaseValue {
        // What Foundation hands ICU: milliseconds since 1970, computed from the reference date,
        // which its `SSS` rounds to the nearest millisecond.
        let milliseconds = ((date.timeIntervalSinceReferenceDate + Date.timeIntervalBetween1970AndReferenceDate) * 1000).rounded()
        guard milliseconds >= 0, milliseconds < 253_402_300_800_000 else { return date.databaseValue }
        let total = Int(milliseconds)
        let days = total / 86_400_000
        var rest = total % 86_400_000
        let millisecond = rest % 1000
        rest /= 1000
        let (year, month, day) = Timestamp.civilFromDays(days)
        var text: [UInt8] = []
        text.reserveCapacity(23)
        func digits(_ value: Int, _ count: Int) {
            var divisor = 1
            for _ in 1..<count { divisor *= 10 }
            var value = value
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(value / divisor))
                value %= divisor
                divisor /= 10
            }
        }
        digits(year, 4); text.append(UInt8(ascii: "-")); digits(month, 2); text.append(UInt8(ascii: "-")); digits(day, 2)
        text.append(UInt8(ascii: " "))
        digits(rest / 3600, 2); text.append(UInt8(ascii: ":")); digits(rest / 60 % 60, 2); text.append(UInt8(ascii: ":"))
        digits(rest % 60, 2); text.append(UInt8(ascii: ".")); digits(millisecond, 3)
        return String(decoding: text, as: UTF8.self).databaseValue
    }
}
