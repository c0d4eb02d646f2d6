import AftermathCore
import Archive
import Foundation

/// One `journalctl -o json` object as a log line.
enum JournalEntry {
    /// `2026-11-27T11:42:14.123Z host unit[pid]: message`, or nil when the line is not an entry.
    static func parse(_ line: [UInt8], source: String) -> LogLine? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return nil }
        guard let micros = string(object["__REALTIME_TIMESTAMP"]).flatMap(Int64.init) else { return nil }
        let date = Date(timeIntervalSince1970: Double(micros / 1_000_000) + Double(micros % 1_000_000) / 1e6)
        let host = string(object["_HOSTNAME"]) ?? "-"
        let unit = string(object["_SYSTEMD_UNIT"]) ?? string(object["SYSLOG_IDENTIFIER"]) ?? string(object["_COMM"]) ?? "-"
        let pid = string(object["_PID"]) ?? string(object["SYSLOG_PID"])
        let message = string(object["MESSAGE"]) ?? ""
        let text = "\(timestamp(micros)) \(host) \(unit)\(pid.map { "[\($0)]" } ?? ""): \(message)"
        return LogLine(timestamp: date, text: text, source: source)
    }

    /// A field's value: a string, an array of bytes (journalctl's form for binary or non-UTF-8
    /// data), or the first of several values.
    static func string(_ value: Any?) -> String? {
        switch value {
        case let text as String:
            return text
        case let numbers as [Int]:
            return String(decoding: numbers.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
        case let numbers as [NSNumber]:
            return String(decoding: numbers.map { UInt8(truncatingIfNeeded: $0.intValue) }, as: UTF8.self)
        case let values as [Any]:
            return values.first.flatMap { string($0) }
        default:
            return nil
        }
    }

    /// RFC 3339 in UTC with milliseconds, from microseconds since the epoch.
    static func timestamp(_ micros: Int64) -> String {
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let millis = (micros - seconds * 1_000_000) / 1000
        return Timestamp.formatMillis(Date(timeIntervalSince1970: Double(seconds) + Double(millis) / 1000))
    }
}
