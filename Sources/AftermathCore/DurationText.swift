import Foundation

/// Durations as configuration writes them: `30m`, `24h`, `1h30m`, `90s`, `500ms`, `2d`.
public enum DurationText {
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let text: String
        public var description: String {
            "'\(text)' is not a duration of at most 100 years (write e.g. 30s, 10m, 1h30m, 24h, 2d)"
        }
    }

    /// The longest duration accepted (100 years).
    public static let maximum: TimeInterval = 100 * 365.25 * 86_400

    /// Seconds in `text`.
    public static func parse(_ text: String) throws(ParseError) -> TimeInterval {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ParseError(text: text) }
        if trimmed == "0" { return 0 }
        var total: TimeInterval = 0
        var number = ""
        var chars = Array(trimmed)[...]
        while let c = chars.first {
            if c.isNumber || c == "." {
                number.append(c)
                chars = chars.dropFirst()
                continue
            }
            var unit = ""
            while let u = chars.first, u.isLetter { unit.append(u); chars = chars.dropFirst() }
            guard let value = Double(number) else { throw ParseError(text: text) }
            let scale: TimeInterval
            switch unit {
            case "ms": scale = 0.001
            case "s": scale = 1
            case "m": scale = 60
            case "h": scale = 3600
            case "d": scale = 86_400
            case "w": scale = 604_800
            default: throw ParseError(text: text)
            }
            total += value * scale
            number = ""
        }
        // Longer than a century is a typo, and would overflow the sleeps and deadlines built from it.
        guard number.isEmpty, total.isFinite, total <= maximum else { throw ParseError(text: text) }
        return total
    }

    /// `1h30m`, `45s`, `2d3h` — the inverse of `parse` for whole seconds.
    public static func format(_ seconds: TimeInterval) -> String {
        var s = Int(saturating: Timestamp.representable(seconds).rounded())
        if s == 0 { return "0s" }
        var parts: [String] = []
        if s < 0 { parts.append("-"); s = -s }
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] where s >= size {
            parts.append("\(s / size)\(unit)")
            s %= size
        }
        return parts.joined()
    }
}
