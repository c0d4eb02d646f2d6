/// Escaping for the two HTML contexts the site writes by hand (text and quoted attribute values).
///
/// Templates escape through Mustache's `{{value}}`; code that assembles HTML itself (charts, log
/// viewers, linkified timeline text) uses this. Both escape `< > & " '`, so one function serves text
/// and double- or single-quoted attributes alike.
public enum HTML {
    /// `text` with `& < > " '` replaced by entities; safe in element content and quoted attributes.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { entity($0) != nil }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        escape(text, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `escape(text)` appended to `out` as UTF-8 (templates render into bytes).
    static func escape(_ text: String, into out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            for i in bytes.indices {
                guard let entity = entity(bytes[i]) else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                out.append(contentsOf: entity)
                start = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }

    private static let amp = Array("&amp;".utf8), lt = Array("&lt;".utf8), gt = Array("&gt;".utf8)
    private static let quot = Array("&quot;".utf8), apos = Array("&#39;".utf8)

    /// The entity replacing `byte`, when it needs one.
    @inline(__always)
    private static func entity(_ byte: UInt8) -> [UInt8]? {
        switch byte {
        case 0x26: amp
        case 0x3C: lt
        case 0x3E: gt
        case 0x22: quot
        case 0x27: apos
        default: nil
        }
    }

    /// Control characters (other than tab and newline) shown as U+FFFD: they are invalid in HTML
    /// and XML 1.0 and could confuse terminals when pages are viewed as text.
    public static func visible(_ text: String) -> String {
        if isPrintableASCII(text) { return text }
        guard text.unicodeScalars.contains(where: isInvisibleControl) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isInvisibleControl(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }

    /// Whether every byte is printable ASCII, tab or newline: the common case, checked without
    /// decoding scalars.
    private static func isPrintableASCII(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            for byte in bytes where byte >= 0x7F || (byte < 0x20 && byte != 0x09 && byte != 0x0A) { return false }
            return true
        } ?? false
    }

    private static func isInvisibleControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x09 && v != 0x0A) || v == 0x7F || (v >= 0x80 && v < 0xA0) || v == 0xFFFE || v == 0xFFFF
    }
}
