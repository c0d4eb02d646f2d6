/// File-name-safe, stable names for attacker-influenced values (service names, ids).
public enum Slug {
    /// `[a-z0-9-]` only; when that changed the value (or it is empty or long), a hash suffix keeps
    /// distinct values apart: `Check Out` → `check-out-1a2b3c4d`.
    public static func make(_ value: String) -> String {
        var out = ""
        var lastDash = false
        for scalar in value.lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                out.unicodeScalars.append(scalar)
                lastDash = false
            } else if !lastDash, !out.isEmpty {
                out += "-"
                lastDash = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        if out.count > 48 { out = String(out.prefix(48)) }
        if out == value, !out.isEmpty { return out }
        var hasher = ContentHasher()
        hasher.combine(value)
        let suffix = String(hasher.hex.prefix(8))
        return out.isEmpty ? "x-" + suffix : out + "-" + suffix
    }
}
