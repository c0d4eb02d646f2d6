import AftermathCore
import Foundation

/// Safe, bounded, unique file names for postmortems: `<YYYY-MM-DD>-<slug>.md`.
///
/// The slug comes from the title: accents are folded (`é` → `e`), everything outside
/// `[a-z0-9]` becomes a dash, dashes collapse, and it is cut to `maximumSlugLength`; an empty
/// result becomes `incident`. Path separators, dots, control, bidi and emoji characters can
/// therefore never reach the file system.
public enum PostmortemFileName {
    /// The longest slug, suffix included.
    public static let maximumSlugLength = 60

    /// The slug of `title`, at most `limit` characters, never empty.
    public static func slug(_ title: String, limit: Int = maximumSlugLength) -> String {
        let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var slug = ""
        var lastWasDash = true
        for scalar in folded.unicodeScalars {
            if let ascii = asciiSlugCharacter(scalar) {
                slug.append(ascii)
                lastWasDash = false
            } else if let special = transliterations[scalar.value] {
                slug += special
                lastWasDash = false
            } else if !lastWasDash {
                slug.append("-")
                lastWasDash = true
            }
        }
        slug = trimDashes(slug)
        if slug.count > limit {
            slug = trimDashes(String(slug.prefix(limit)))
        }
        return slug.isEmpty ? "incident" : slug
    }

    /// The names to try for an incident, in order: `<date>-<slug>.md`, then `<date>-<slug>-<id>.md`,
    /// then numbered variants of that.
    public static func candidates(title: String, incidentID: String, startedAt: Date) -> [String] {
        let date = String(Timestamp.format(startedAt).prefix(10))
        let suffix = slug(incidentID, limit: 24)
        let base = slug(title)
        let short = slug(title, limit: maximumSlugLength - suffix.count - 1)
        var names = ["\(date)-\(base).md", "\(date)-\(short)-\(suffix).md"]
        for n in 2...9 {
            let numbered = slug(title, limit: maximumSlugLength - suffix.count - 3)
            names.append("\(date)-\(numbered)-\(suffix)-\(n).md")
        }
        return names
    }

    /// Whether `name` is a plain postmortem file name (no directory part, no hidden file).
    public static func isSafe(_ name: String) -> Bool {
        guard name.hasSuffix(".md"), name.count <= 80, let first = name.first, first.isASCII, first.isNumber else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            (scalar.value >= 0x61 && scalar.value <= 0x7A) || (scalar.value >= 0x30 && scalar.value <= 0x39)
                || scalar == "-" || scalar == "."
        } && !name.contains("..") && !name.contains("/")
    }

    private static func asciiSlugCharacter(_ scalar: Unicode.Scalar) -> Character? {
        switch scalar.value {
        case 0x61...0x7A, 0x30...0x39: return Character(scalar)
        case 0x41...0x5A: return Character(Unicode.Scalar(UInt8(scalar.value + 32)))
        default: return nil
        }
    }

    /// Letters folding leaves alone that have a usual ASCII spelling.
    private static let transliterations: [UInt32: String] = [
        0xDF: "ss", 0xE6: "ae", 0xF8: "o", 0x153: "oe", 0xF0: "d", 0xFE: "th", 0x131: "i", 0x142: "l", 0x111: "d",
    ]

    private static func trimDashes(_ text: String) -> String {
        var t = Substring(text)
        while t.first == "-" { t = t.dropFirst() }
        while t.last == "-" { t = t.dropLast() }
        return String(t)
    }
}
