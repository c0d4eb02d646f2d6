import Foundation
/// The postmortem generator's region markers, `<!-- aftermath:begin NAME -->` and
/// `<!-- aftermath:end NAME -->`, removed before rendering (the content between them stays).
public enum MachineRegions {
    /// `markdown` without marker lines.
    public static func strip(_ markdown: String) -> String {
        guard FastText.contains(markdown, "aftermath:") else { return markdown }
        var out = ""
        out.reserveCapacity(markdown.utf8.count)
        var first = true
        for line in markdown.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let text = Substring(line)
            if isMarker(text) { continue }
            if !first { out += "\n" }
            out += text
            first = false
        }
        return out
    }

    /// Whether `line` is exactly one marker comment (surrounding whitespace allowed).
    static func isMarker(_ line: Substring) -> Bool {
        let trimmed = FastText.trimmed(line)
        guard trimmed.hasPrefix("<!--"), trimmed.hasSuffix("-->") else { return false }
        let inner = FastText.trimmed(trimmed.dropFirst(4).dropLast(3))
        return inner.hasPrefix("aftermath:begin ") || inner.hasPrefix("aftermath:end ")
            || inner == "aftermath:begin" || inner == "aftermath:end"
    }
}
