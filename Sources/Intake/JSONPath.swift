import Foundation

/// Builds JSON paths in `a.b[2].c` form.
enum JSONPath {
    /// `base.key`, or `base["key"]` when `key` is not a plain identifier.
    static func appending(_ key: String, to base: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") }
        if plain { return base.isEmpty ? key : base + "." + key }
        let escaped = key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return base + "[\"\(escaped)\"]"
    }

    /// `base[index]`.
    static func appending(index: Int, to base: String) -> String { base + "[\(index)]" }
}
