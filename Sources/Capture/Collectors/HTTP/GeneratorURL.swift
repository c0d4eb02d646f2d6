import Foundation

/// An alert's `generatorURL`: Prometheus links to its graph page with the rule's expression in
/// the `g0.expr` query parameter (form-encoded: `+` is a space, `%XX` an escaped byte).
enum GeneratorURL {
    /// The `g0.expr` parameter of `url`, decoded; nil when absent or empty.
    static func expression(in url: String) -> String? {
        guard let questionMark = url.firstIndex(of: "?") else { return nil }
        var query = url[url.index(after: questionMark)...]
        if let hash = query.firstIndex(of: "#") { query = query[..<hash] }
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, formDecode(parts[0]) == "g0.expr" else { continue }
            guard let value = formDecode(parts[1]), !value.isEmpty else { return nil }
            return value
        }
        return nil
    }

    /// `application/x-www-form-urlencoded` decoding; nil for malformed escapes.
    static func formDecode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
