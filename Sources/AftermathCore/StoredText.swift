import Foundation

/// Text as the archive stores it. SQLite reads a text value only up to its first NUL (GRDB binds
/// and reads Swift strings as C strings), so a U+0000 would silently cut what a sender said. The
/// one owner of how a NUL stays visible instead: it becomes U+FFFD, one character for one.
public enum StoredText {
    /// What each U+0000 becomes: U+FFFD REPLACEMENT CHARACTER.
    public static let nulReplacement: Unicode.Scalar = "\u{FFFD}"

    /// `text` with each U+0000 replaced by U+FFFD; `text` itself when it holds none.
    public static func visible(_ text: String) -> String {
        guard holdsNUL(text) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.map { $0 == "\u{0}" ? nulReplacement : $0 })
        return String(scalars)
    }

    /// Whether `text` holds a U+0000: `memchr` over its UTF-8, 10× faster than scanning the view
    /// (capture checks every line it indexes).
    public static func holdsNUL(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.count > 0 && memchr(bytes.baseAddress!, 0, bytes.count) != nil
        } ?? text.utf8.contains(0)
    }

    /// `labels` with every key and value `visible`. Two keys that differ only in a NUL where the
    /// other has U+FFFD collide; the value of the one that sorts first is kept.
    public static func visible(_ labels: [String: String]) -> [String: String] {
        guard labels.contains(where: { holdsNUL($0.key) || holdsNUL($0.value) }) else { return labels }
        var result: [String: String] = [:]
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) where result[visible(key)] == nil {
            result[visible(key)] = visible(value)
        }
        return result
    }
}
