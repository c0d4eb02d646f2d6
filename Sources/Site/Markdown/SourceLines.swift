/// The Markdown source split into lines (LF or CR LF), so passes over cmark's tree can read the
/// text a block came from by its source position (`start_line`, `start_column`, 1-based).
struct SourceLines {
    let bytes: [UInt8]
    /// Byte range of each line, without its line ending.
    let ranges: [Range<Int>]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var ranges: [Range<Int>] = []
        var start = 0
        for (i, byte) in bytes.enumerated() where byte == 0x0A {
            ranges.append(start..<(i > start && bytes[i - 1] == 0x0D ? i - 1 : i))
            start = i + 1
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
        self.ranges = ranges
    }

    /// Line `number` (1-based), empty when out of range.
    func line(_ number: Int) -> ArraySlice<UInt8> {
        guard number >= 1, number <= ranges.count else { return [] }
        return bytes[ranges[number - 1]]
    }

    /// The lines of a block that starts at `column` of line `first` and ends on line `last`, with
    /// the first line cut at `column` and the containers' prefixes (indentation, `>` markers; up to
    /// `column - 1` bytes) taken off the others. A line with fewer `>` markers than the first is a
    /// lazy continuation (CommonMark lets a paragraph run on there; a GFM table does not).
    func block(first: Int, last: Int, column: Int) -> [(text: ArraySlice<UInt8>, lazy: Bool)] {
        guard first >= 1, last >= first else { return [] }
        let prefix = max(0, column - 1)
        let opening = line(first)
        let depth = opening.prefix(prefix).filter { $0 == 0x3E }.count
        return (first...last).map { number in
            let text = line(number)
            if number == first { return (text.dropFirst(min(prefix, text.count)), false) }
            var cut = text.startIndex
            var markers = 0
            while cut < text.endIndex, cut - text.startIndex < prefix, [0x20, 0x09, 0x3E].contains(text[cut]) {
                if text[cut] == 0x3E { markers += 1 }
                cut += 1
            }
            return (text[cut...], markers < depth)
        }
    }

    /// Lines that start a link reference definition (`[label]: destination`), which cells parsed on
    /// their own need to resolve `[text][label]`.
    func referenceDefinitions() -> [UInt8] {
        var out: [UInt8] = []
        for range in ranges {
            var i = range.lowerBound
            var spaces = 0
            while i < range.upperBound, bytes[i] == 0x20, spaces < 3 { i += 1; spaces += 1 }
            guard i < range.upperBound, bytes[i] == 0x5B else { continue }
            var j = i + 1
            var escaped = false
            while j < range.upperBound {
                if escaped { escaped = false } else if bytes[j] == 0x5C { escaped = true } else if bytes[j] == 0x5D { break }
                j += 1
            }
            guard j + 1 < range.upperBound, bytes[j + 1] == 0x3A else { continue }
            out += bytes[range]
            out += [0x0A, 0x0A]
        }
        return out
    }
}
