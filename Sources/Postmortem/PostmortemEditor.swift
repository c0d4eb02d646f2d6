/// Who made a change a person made, as far as the environment tells.
public enum PostmortemEditor {
    /// `AFTERMATH_AUTHOR`, else git's `GIT_AUTHOR_NAME` (with `<GIT_AUTHOR_EMAIL>`), else `USER` or
    /// `LOGNAME`, else `unknown`.
    public static func current(environment: [String: String]) -> String {
        func value(_ key: String) -> String? {
            guard let v = environment[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
            return MarkdownText.plain(v)
        }
        if let author = value("AFTERMATH_AUTHOR") { return author }
        if let name = value("GIT_AUTHOR_NAME") {
            return value("GIT_AUTHOR_EMAIL").map { "\(name) <\($0)>" } ?? name
        }
        return value("USER") ?? value("LOGNAME") ?? "unknown"
    }
}
