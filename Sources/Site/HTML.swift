/// Escaping for the two HTML contexts the site writes by hand (text and quoted attribute values).
///
/// Templates escape through Mustache's `{{value}}`; code that assembles HTML itself (charts, log
/// viewers, linkified timeline text) uses this. Both escape `< > & " '`, so one function serves text
/// and double- or single-quoted attributes alike.
public enum HTML {
    /// `text` with `& < > " '` replaced by entities; safe in element content and quoted attributes.
    public static func escape(_ text: String) -> String {
        var needs = false
        for byte in text.utf8 where byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 {
            needs = true
            break
        }
        guard needs else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
            case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
            case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
            case 0x22: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
            case 0x27: out.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])  // &#39;
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Control characters (other than tab and newline) shown as U+FFFD: they are invalid in HTML
    /// and XML 1.0 and could confuse terminals when pages are viewed as text.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isInvisibleControl) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isInvisibleControl(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }

    private static func isInvisibleControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x09 && v != 0x0A) || v == 0x7F || (v >= 0x80 && v < 0xA0) || v == 0xFFFE || v == 0xFFFF
    }
}
