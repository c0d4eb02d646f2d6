import Foundation

extension String {
    /// `trimmingCharacters(in: .whitespaces)`, on the bytes when the text is ASCII (where those are
    /// space and tab): Foundation's trimming goes through NSString on Linux, and front matter lines
    /// and values of every postmortem pass through here on every site build.
    var trimmingWhitespace: String {
        var ascii = true
        for byte in utf8 where byte >= 0x80 {
            ascii = false
            break
        }
        guard ascii else { return trimmingCharacters(in: .whitespaces) }
        let isBlank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 }
        guard let first = utf8.firstIndex(where: { !isBlank($0) }), let last = utf8.lastIndex(where: { !isBlank($0) }) else { return "" }
        if first == utf8.startIndex, last == utf8.index(before: utf8.endIndex) { return self }
        return String(self[first...last])
    }
}
