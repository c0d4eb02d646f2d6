import Foundation

/// The inside of a double-quoted string as JSON, Go, PromQL, LogQL and YAML read it.
public enum DoubleQuoted {
    /// `text` with `\` and `"` backslash-escaped, `\n` `\r` `\t` as such, other control characters
    /// as `\u00XX` (DEL too when `escapingDelete`, as Go does), everything else as it is.
    public static func escaped(_ text: String, escapingDelete: Bool = false) -> String {
        escaped(text) { scalar in
            scalar.value < 0x20 || (escapingDelete && scalar.value == 0x7F) ? String(format: "\\u%04x", scalar.value) : nil
        }
    }

    /// `text` with `\` and `"` backslash-escaped and `\n` `\r` `\t` as such; every other scalar as
    /// `other` writes it, or as it is where `other` gives nil.
    public static func escaped(_ text: String, other: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if let escape = other(scalar) { out += escape } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
