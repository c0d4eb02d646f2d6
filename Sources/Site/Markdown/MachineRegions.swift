import Foundation
import PostmortemFormat
/// The postmortem generator's region markers, `<!-- aftermath:begin NAME -->` and
/// `<!-- aftermath:end NAME -->` (as `RegionScanner.marker` reads them), removed before rendering
/// (the content between them stays).
public enum MachineRegions {
    /// `markdown` without marker lines.
    public static func strip(_ markdown: String) -> String {
        guard FastText.contains(markdown, "aftermath:") else { return markdown }
        var out = ""
        out.reserveCapacity(markdown.utf8.count)
        var first = true
        for line in markdown.utf8.split(separator: 0x0A, omittingEmptySubsequences: false) {
            let text = Substring(line)
            if RegionScanner.marker(in: text) != nil { continue }
            if !first { out += "\n" }
            out += text
            first = false
        }
        return out
    }
}
