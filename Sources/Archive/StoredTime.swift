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
