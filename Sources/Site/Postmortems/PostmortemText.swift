/// Splits a postmortem file into its YAML front matter and Markdown body.
public enum PostmortemText {
    /// `(front matter YAML, body)`: the front matter sits between a first line `---` and the next
    /// line that is `---` or `...`. Without one, the whole text is the body.
    public static func split(_ text: String) -> (frontMatter: String?, body: String) {
        var rest = Substring(text)
        if rest.hasPrefix("\u{FEFF}") { rest = rest.dropFirst() }
        guard rest.hasPrefix("---\n") || rest.hasPrefix("---\r\n") else { return (nil, String(rest)) }
        rest = rest.drop(while: { $0 != "\n" }).dropFirst()
        var yaml = Substring()
        var cursor = rest.startIndex
        while cursor < rest.endIndex {
            let lineEnd = rest[cursor...].firstIndex(of: "\n") ?? rest.endIndex
            let line = rest[cursor..<lineEnd]
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            if trimmed == "---" || trimmed == "..." {
                yaml = rest[rest.startIndex..<cursor]
                let bodyStart = lineEnd < rest.endIndex ? rest.index(after: lineEnd) : rest.endIndex
                return (String(yaml), String(rest[bodyStart...]))
            }
            cursor = lineEnd < rest.endIndex ? rest.index(after: lineEnd) : rest.endIndex
        }
        return (nil, String(text))  // never closed: not front matter
    }
}
