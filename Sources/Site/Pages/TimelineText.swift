/// Timeline and capture text as HTML: escaped, with evidence ids (`ev-12`) that exist turned into
/// links to their pages.
enum TimelineText {
    /// Escaped `text` with known evidence ids linked (relative to a page one level down).
    static func html(_ text: String, evidenceExists: (String) -> Bool, prefix: String = "../") -> String {
        let visible = HTML.visible(text)
        guard FastText.contains(visible, "ev-") else { return HTML.escape(visible) }
        var out = ""
        var rest = Substring(visible)
        while let range = rest.range(of: "ev-") {
            let before = rest[rest.startIndex..<range.lowerBound]
            let digits = rest[range.upperBound...].prefix(while: { $0.isASCII && $0.isNumber })
            let boundary = before.last.map { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") } ?? true
            let id = "ev-" + digits
            let end = rest.index(range.upperBound, offsetBy: digits.count)
            let after = end < rest.endIndex ? rest[end] : nil
            let endsCleanly = after.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? true
            out += HTML.escape(String(before))
            if boundary, endsCleanly, !digits.isEmpty, evidenceExists(id) {
                out += "<a href=\"\(prefix)\(SitePaths.evidence(id))\">\(id)</a>"
            } else {
                out += HTML.escape(String(rest[range.lowerBound..<end]))
            }
            rest = rest[end...]
        }
        return out + HTML.escape(String(rest))
    }
}
