import AftermathCore
import Foundation

/// How times, durations and sizes read on the site (always UTC, so an archive reads the same anywhere).
/// Every time a page shows is `time(_:)` inside `<time datetime="iso(_:)">`: one format, machine-readable.
public enum Display {
    /// `2026-11-27 11:42:14 UTC`: the one way a page writes a time.
    public static func time(_ date: Date) -> String {
        Timestamp.formatSeconds(date, separator: " ", zone: " UTC")
    }

    /// `<time datetime="2026-11-27T11:42:14.186Z">2026-11-27 11:42:14 UTC</time>`, for HTML the site builds itself.
    public static func timeElement(_ date: Date) -> String {
        "<time datetime=\"\(iso(date))\">\(time(date))</time>"
    }

    /// `["text": time, "iso": iso]` for templates, which write `<time datetime="{{iso}}">{{text}}</time>`.
    static func timeContext(_ date: Date) -> [String: Any] {
        ["text": time(date), "iso": iso(date)]
    }

    /// `2026-11` (UTC).
    public static func month(_ date: Date) -> String {
        let f = Timestamp.fields(date)
        return Timestamp.pad(f.year, 4) + "-" + Timestamp.pad(f.month)
    }

    /// `2026-11-27T11:42:14Z` (`.186Z` with milliseconds when there are any): `Timestamp.format`.
    public static func iso(_ date: Date) -> String {
        Timestamp.format(date)
    }

    /// `1h 12m`, `45m 3s`, `3d 4h`: the two largest units.
    public static func duration(_ seconds: TimeInterval) -> String {
        var s = Int(saturating: max(0, seconds).rounded())
        if s == 0 { return "0s" }
        var parts: [String] = []
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where s >= size {
            parts.append("\(s / size)\(unit)")
            s %= size
            if parts.count == 2 { break }
        }
        return parts.joined(separator: " ")
    }

    /// `1.5 MiB`, `312 B`.
    public static func bytes(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        var value = Double(count)
        for unit in ["KiB", "MiB", "GiB", "TiB"] {
            value /= 1024
            if value < 1024 { return String(format: value < 10 ? "%.1f" : "%.0f", value) + " " + unit }
        }
        return String(format: "%.0f PiB", value / 1024)
    }
}
