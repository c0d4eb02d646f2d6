import Foundation
import PostmortemFormat

/// A light reading of a postmortem's body for checks: headings, what is visible (HTML comments
/// removed), fenced code, table scaffolding and machine regions, line by line.
struct MarkdownOutline {
    struct Line {
        /// 0-based index in the file.
        var index: Int
        var text: String
        /// The text with HTML comments removed.
        var visible: String
        var inFence: Bool
        /// The region whose inside holds this line, if any.
        var region: String?
        var isMarker: Bool
        /// `(level, title)` for an ATX heading outside fences.
        var heading: (level: Int, title: String)?
    }

    struct Section {
        var title: String
        var level: Int
        /// The heading's line index.
        var headingIndex: Int
        /// Lines after the heading up to the next heading of the same or a higher level.
        var lines: [Line]
    }

    var lines: [Line] = []

    init(_ bytes: ByteLines, from first: Int) {
        let regions = RegionScanner.scan(bytes, from: first).intact
        var regionOf: [Int: String] = [:]
        for (name, region) in regions where region.beginLine + 1 < region.endLine {
            for index in (region.beginLine + 1)..<region.endLine { regionOf[index] = name }
        }
        var inComment = false
        var fence: String?
        guard first < bytes.lines.count else { return }
        for index in first..<bytes.lines.count {
            let text = bytes.text(index)
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            var inFence = fence != nil
            if !inComment, let marker = Self.fenceMarker(trimmed) {
                if let open = fence {
                    if trimmed.hasPrefix(open) && trimmed.allSatisfy({ $0 == open.first }) { fence = nil }
                } else {
                    fence = marker
                }
                inFence = true
            }
            var visible = text
            if !inFence { visible = Self.stripComments(text, inComment: &inComment) }
            let heading = inFence ? nil : Self.heading(visible)
            lines.append(Line(
                index: index, text: text, visible: visible, inFence: inFence, region: regionOf[index],
                isMarker: RegionScanner.marker(in: text) != nil, heading: heading))
        }
    }

    /// Every heading with its lines.
    var sections: [Section] {
        var result: [Section] = []
        for (position, line) in lines.enumerated() {
            guard let heading = line.heading else { continue }
            var body: [Line] = []
            for next in lines[(position + 1)...] {
                if let h = next.heading, h.level <= heading.level { break }
                body.append(next)
            }
            result.append(Section(title: heading.title, level: heading.level, headingIndex: line.index, lines: body))
        }
        return result
    }

    /// Whether a line holds what a person wrote (not blank, not a comment, marker, table
    /// scaffolding, placeholder or sub-heading). `countRegions`: machine-region lines count.
    static func isContent(_ line: Line, next: Line?, countRegions: Bool) -> Bool {
        if line.heading != nil || line.isMarker { return false }
        if line.region != nil && !countRegions { return false }
        let visible = line.visible.trimmingCharacters(in: .whitespaces)
        if visible.isEmpty { return false }
        if line.inFence { return true }
        if isTableSeparator(visible) { return false }
        if let next, isTableSeparator(next.visible.trimmingCharacters(in: .whitespaces)) { return false }
        let withoutPlaceholders = PostmortemChecker.placeholders(in: visible).reduce(visible) { text, placeholder in
            text.replacingOccurrences(of: placeholder, with: "")
        }
        // What remains of a table row or a task item once its placeholders are gone: still empty.
        return !withoutPlaceholders.allSatisfy { "|-[]·".contains($0) || $0.isWhitespace }
    }

    static func isTableSeparator(_ text: String) -> Bool {
        guard text.contains("-"), text.contains("|") || text.hasPrefix("-") else { return false }
        let cells = text.split(separator: "|", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: .whitespaces) }
        return !cells.isEmpty && cells.allSatisfy { cell in
            var c = Substring(cell)
            if c.hasPrefix(":") { c = c.dropFirst() }
            if c.hasSuffix(":") { c = c.dropLast() }
            return c.count >= 3 && c.allSatisfy { $0 == "-" }
        }
    }

    private static func fenceMarker(_ trimmed: String) -> String? {
        if trimmed.hasPrefix("```") { return String(trimmed.prefix(while: { $0 == "`" })) }
        if trimmed.hasPrefix("~~~") { return String(trimmed.prefix(while: { $0 == "~" })) }
        return nil
    }

    private static func heading(_ text: String) -> (level: Int, title: String)? {
        let leading = text.prefix(while: { $0 == " " })
        guard leading.count <= 3 else { return nil }
        let rest = text.dropFirst(leading.count)
        let hashes = rest.prefix(while: { $0 == "#" })
        guard (1...6).contains(hashes.count) else { return nil }
        let after = rest.dropFirst(hashes.count)
        guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        var title = after.trimmingCharacters(in: .whitespaces)
        while title.hasSuffix("#") { title.removeLast() }
        return (hashes.count, title.trimmingCharacters(in: .whitespaces))
    }

    /// `text` without `<!-- … -->` comments, carrying an open comment over to the next line.
    private static func stripComments(_ text: String, inComment: inout Bool) -> String {
        var out = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            if inComment {
                guard let end = rest.range(of: "-->") else { return out }
                rest = rest[end.upperBound...]
                inComment = false
            } else {
                guard let start = rest.range(of: "<!--") else { return out + rest }
                out += rest[..<start.lowerBound]
                rest = rest[start.upperBound...]
                inComment = true
            }
        }
        return out
    }
}
