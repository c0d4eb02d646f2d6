/// The security policy every page carries, and what a server should add when it serves the site.
public enum SitePolicy {
    /// The Content-Security-Policy of every page: nothing loads except the site's own scripts,
    /// stylesheet and images (`data:` images for inline screenshots); no inline script or style.
    public static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"

    /// The `<meta>` element that carries the policy (checked on every page before it is written).
    public static let cspMeta = "<meta http-equiv=\"Content-Security-Policy\" content=\"\(contentSecurityPolicy)\">"

    /// Headers for serving the site over HTTP: the policy again as a header, plus what a `<meta>`
    /// cannot say (`frame-ancestors`), no MIME sniffing, no referrer, and no shared caches.
    public static let responseHeaders: [(name: String, value: String)] = [
        ("Content-Security-Policy", contentSecurityPolicy + "; frame-ancestors 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Cache-Control", "private"),
    ]
}
