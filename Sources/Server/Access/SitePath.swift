/// A `/site/…` request path as the file server will read it: percent-decoded once, like the
/// server decodes it, and then checked, so no spelling of a dotfile or `..` gets through.
enum SitePath {
    /// Whether the raw path may be served: it decodes, holds no NUL or backslash, and no
    /// segment is empty-dotted (`.`, `..`) or hidden (`.aftermath-site-manifest`).
    static func isServable(_ rawPath: String) -> Bool {
        guard let decoded = rawPath.removingPercentEncoding else { return false }
        guard !decoded.contains("\u{0}"), !decoded.contains("\\") else { return false }
        return !decoded.split(separator: "/", omittingEmptySubsequences: true).contains { $0.hasPrefix(".") }
    }
}
