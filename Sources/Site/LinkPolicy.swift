import Foundation
import PostmortemFormat

/// Which URLs may become links: only absolute `http` and `https` URLs from payloads and postmortems.
public enum LinkPolicy {
    /// `text` if it is an absolute http(s) URL with a host and no whitespace or control characters; else nil.
    ///
    /// Everything else (`javascript:`, `data:`, `file:`, scheme-relative `//host`, relative paths,
    /// obfuscations with tabs or newlines inside the scheme) is refused, so it is shown as text.
    public static func externalURL(_ text: String) -> String? {
        let trimmed = String(FastText.trimmed(text))
        guard !trimmed.isEmpty, trimmed.utf8.count <= 4096 else { return nil }
        for scalar in trimmed.unicodeScalars where scalar.value <= 0x20 || scalar.value == 0x7F || scalar == "\\" {
            return nil
        }
        let lower = trimmed.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return nil }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else {
            return nil
        }
        return trimmed
    }

    /// The evidence id an `aftermath:evidence/<id>` citation names, if `url` is one.
    public static func citedEvidence(_ url: String) -> String? {
        EvidenceCitation.citedID(url)
    }

    /// The line (`#L5`) an evidence citation names, if it names one.
    public static func citedEvidenceLine(_ url: String) -> Int? {
        EvidenceCitation.cited(url)?.line
    }
}
