/// Slack mrkdwn as plain text: `<@U123>` becomes `@display name`, `<#C123|name>` `#name`,
/// `<!here>` `@here`, `<https://x|label>` `label (https://x)`, and `&amp;`, `&lt;`, `&gt;` their
/// characters. Everything else (`*bold*`, code) is kept as written.
struct SlackText {
    /// User id → the name people see.
    var people: [String: String]
    /// Channel id → name.
    var channels: [String: String]

    func plain(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            out += Self.decodeEntities(rest[rest.startIndex..<open])
            guard let close = rest[open...].firstIndex(of: ">") else {
                rest = rest[open...]
                break
            }
            out += token(rest[rest.index(after: open)..<close])
            rest = rest[rest.index(after: close)...]
        }
        return out + Self.decodeEntities(rest)
    }

    /// One `<…>` token, without its brackets.
    private func token(_ inner: Substring) -> String {
        let pieces = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let target = String(pieces[0])
        let label = pieces.count > 1 ? Self.decodeEntities(pieces[1]) : nil
        if target.hasPrefix("@") {
            let id = String(target.dropFirst())
            return "@" + (people[id] ?? label.map { $0.hasPrefix("@") ? String($0.dropFirst()) : $0 } ?? id)
        }
        if target.hasPrefix("#") {
            let id = String(target.dropFirst())
            return "#" + (label ?? channels[id] ?? id)
        }
        if target.hasPrefix("!") {
            let command = target.dropFirst()
            if let label, !label.isEmpty { return label }
            let word = command.split(separator: "^").first.map(String.init) ?? String(command)
            return "@" + word
        }
        let url = Self.decodeEntities(Substring(target))
        guard let label, !label.isEmpty, label != url else { return url }
        if url.hasPrefix("mailto:") { return label }
        return "\(label) (\(url))"
    }

    /// `&amp;`, `&lt;` and `&gt;` (the only entities Slack writes) as their characters.
    static func decodeEntities(_ text: Substring) -> String {
        guard text.contains("&") else { return String(text) }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
