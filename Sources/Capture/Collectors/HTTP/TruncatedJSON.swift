/// Salvages a JSON document cut off at a byte cap: keeps everything up to the last complete
/// array or object and closes the brackets still open there, so the series or streams that
/// arrived in full (and the points or lines of the last one, so far) can still be decoded.
enum TruncatedJSON {
    /// `bytes` when already complete; otherwise the longest prefix ending right after a complete
    /// nested array or object, followed by the closing brackets it needs. Nil when nothing
    /// complete arrived or the text is not JSON-shaped.
    static func repair(_ bytes: [UInt8]) -> [UInt8]? {
        var closers: [UInt8] = []
        var inString = false
        var escaped = false
        var best: (end: Int, closers: [UInt8])?
        for (index, byte) in bytes.enumerated() {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
            case UInt8(ascii: "{"):
                closers.append(UInt8(ascii: "}"))
            case UInt8(ascii: "["):
                closers.append(UInt8(ascii: "]"))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                guard closers.popLast() == byte else { return nil }
                if closers.isEmpty { return Array(bytes[...index]) }
                best = (index + 1, closers.reversed())
            default:
                break
            }
        }
        guard let best else { return nil }
        return Array(bytes[..<best.end]) + best.closers
    }
}
