import Foundation

/// The inside of a double-quoted string as JSON, Go, PromQL and LogQL read it.
public enum DoubleQuoted {
    /// `text` with `\` and `"` backslash-escaped, `\n` `\r` `\t` as such, other control characters
    /// as `\u00XX` (DEL too when `escapingDelete`, as Go does), everything else as it is.
    public static func escaped(_ text: String, escapingDelete: Bool = false) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (escapingDelete && scalar.value == 0x7F):
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
