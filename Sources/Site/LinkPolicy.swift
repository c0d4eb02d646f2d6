import Foundation

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

    /// Whether `text` names an evidence item (`ev-` followed by digits).
    public static func isEvidenceID(_ text: String) -> Bool {
        guard text.hasPrefix("ev-"), text.count > 3, text.count <= 24 else { return false }
        return text.utf8.dropFirst(3).allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// The evidence id an `aftermath:evidence/<id>` citation names, if `url` is one.
    public static func citedEvidence(_ url: String) -> String? {
        let prefix = "aftermath:evidence/"
        guard url.hasPrefix(prefix) else { return nil }
        let id = String(url.dropFirst(prefix.count))
        return isEvidenceID(id) ? id : nil
    }
}
