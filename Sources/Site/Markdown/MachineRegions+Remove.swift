import PostmortemFormat

extension MachineRegions {
    /// `markdown` without the inside of region `name` (markers included): the incident page shows
    /// that part live (the postmortem's `related` region is its "Seen before" section).
    static func removing(_ name: String, from markdown: String) -> String {
        guard FastText.contains(markdown, "aftermath:begin \(name)") else { return markdown }
        var out: [Substring] = []
        var inside = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if let marker = RegionScanner.marker(in: line), marker.name == name {
                if marker.begin { inside = true; continue }
                if inside { inside = false; continue }
            }
            if !inside { out.append(line) }
        }
        return inside ? markdown : out.joined(separator: "\n")
    }
}

extension LinkPolicy {
    /// The incident id of an `aftermath:incident/<id>` link (letters, digits, `-`, `_`, `.`), else nil.
    static func citedIncident(_ url: String) -> String? {
        let prefix = "aftermath:incident/"
        guard url.hasPrefix(prefix) else { return nil }
        let id = url.dropFirst(prefix.count)
        guard !id.isEmpty, id.count <= 128, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else { return nil }
        return String(id)
    }
}
