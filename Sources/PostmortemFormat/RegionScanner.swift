import Foundation

/// Writes, recognises and finds the machine-owned regions of a postmortem:
/// `<!-- aftermath:begin NAME -->` … `<!-- aftermath:end NAME -->`, each marker alone on its line.
///
/// A region is intact when its name has exactly one begin and one end marker, in that order,
/// with no other marker between them. Anything else (a marker deleted, duplicated or moved
/// into another region) makes the region the person's: the generator leaves it alone.
public enum RegionScanner {
    /// The region names the default template uses.
    public static let knownNames = ["header", "impact", "timeline", "detection", "related", "evidence", "communications"]

    /// One intact region: the byte range between its marker lines.
    public struct Region: Sendable, Equatable {
        public var name: String
        /// Bytes of the lines strictly between the two markers.
        public var inside: Range<Int>
        /// Line index of the begin marker.
        public var beginLine: Int
        public var endLine: Int
    }

    /// The begin marker line for `name`.
    public static func begin(_ name: String) -> String { "<!-- aftermath:begin \(name) -->" }
    /// The end marker line for `name`.
    public static func end(_ name: String) -> String { "<!-- aftermath:end \(name) -->" }

    /// A marker alone on `line` (spaces, tabs and a CR around it allowed): (is begin, name), or nil.
    /// A name is ASCII letters, digits, `-` and `_`; any other comment is not a marker.
    public static func marker<S: StringProtocol>(in line: S) -> (begin: Bool, name: String)? {
        let trimmed = trimmedLine(line)
        guard trimmed.hasPrefix("<!--"), trimmed.hasSuffix("-->"), trimmed.count >= 7 else { return nil }
        let words = trimmed.dropFirst(4).dropLast(3).split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count == 2 else { return nil }
        let name = String(words[1])
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        switch words[0] {
        case "aftermath:begin": return (true, name)
        case "aftermath:end": return (false, name)
        default: return nil
        }
    }

    private static func trimmedLine<S: StringProtocol>(_ line: S) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        let s = Substring(line)
        guard let first = s.firstIndex(where: { !isSpace($0) }), let last = s.lastIndex(where: { !isSpace($0) }) else { return "" }
        return s[first...last]
    }

    /// Intact regions by name, and the names whose markers are broken.
    public static func scan(_ lines: ByteLines, from firstLine: Int = 0) -> (intact: [String: Region], broken: Set<String>) {
        var begins: [String: [Int]] = [:]
        var ends: [String: [Int]] = [:]
        var markerLines: [Int] = []
        guard firstLine < lines.lines.count else { return ([:], []) }
        for index in firstLine..<lines.lines.count {
            guard let marker = marker(in: lines.text(index)) else { continue }
            markerLines.append(index)
            if marker.begin { begins[marker.name, default: []].append(index) } else { ends[marker.name, default: []].append(index) }
        }
        var intact: [String: Region] = [:]
        var broken: Set<String> = []
        for name in Set(begins.keys).union(ends.keys) {
            guard let b = begins[name], let e = ends[name], b.count == 1, e.count == 1, b[0] < e[0],
                  !markerLines.contains(where: { $0 > b[0] && $0 < e[0] }) else {
                broken.insert(name)
                continue
            }
            let start = lines.lines[b[0]].end
            let stop = lines.lines[e[0]].start
            intact[name] = Region(name: name, inside: start..<stop, beginLine: b[0], endLine: e[0])
        }
        return (intact, broken)
    }
}
