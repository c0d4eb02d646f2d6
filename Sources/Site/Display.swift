import AftermathCore
import Foundation

/// How times, durations and sizes read on the site (always UTC, so an archive reads the same anywhere).
/// Every time a page shows is `time(_:)` inside `<time datetime="iso(_:)">`: one format, machine-readable.
public enum Display {
    /// `2026-11-27 11:42:14 UTC`: the one way a page writes a time.
    public static func time(_ date: Date) -> String {
        let p = parts(date)
        return "\(pad(p.y, 4))-\(pad(p.mo))-\(pad(p.d)) \(pad(p.h)):\(pad(p.mi)):\(pad(p.s)) UTC"
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
        let p = parts(date)
        return "\(pad(p.y, 4))-\(pad(p.mo))"
    }

    /// `2026-11-27T11:42:14Z` (`.186Z` with milliseconds when there are any), like `Timestamp.format`
    /// but without `String(format:)`, which costs more than rendering a page.
    public static func iso(_ date: Date) -> String {
        let p = parts(date)
        let base = "\(pad(p.y, 4))-\(pad(p.mo))-\(pad(p.d))T\(pad(p.h)):\(pad(p.mi)):\(pad(p.s))"
        return p.ms == 0 ? base + "Z" : base + "." + pad(p.ms, 3) + "Z"
    }

    private static func parts(_ date: Date) -> (y: Int, mo: Int, d: Int, h: Int, mi: Int, s: Int, ms: Int) {
        let total = Timestamp.representable(date.timeIntervalSince1970)
        var seconds = Int(saturating: total.rounded(.down))
        var millis = Int(saturating: ((total - Double(seconds)) * 1000).rounded())
        if millis == 1000 { seconds += 1; millis = 0 }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secOfDay = seconds - days * 86_400
        let (y, m, d) = Timestamp.civilFromDays(days)
        return (y, m, d, secOfDay / 3600, secOfDay / 60 % 60, secOfDay % 60, millis)
    }

    /// `n` with leading zeros to `width` digits.
    static func pad(_ n: Int, _ width: Int = 2) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
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
