import Foundation

/// Runs one rule over a text: windows around the keyword hits its anchor accepts, the rule's
/// regular expression in each window, the guards (placeholders, markers), the replacements.
///
/// A match starts at a keyword hit (every default pattern begins with one of its keywords), so
/// a window from `lookbehind` bytes before the hit to where the match can end holds it whole.
/// Windows that end before a match would have (the match reaches the window's end) are grown
/// to the end of the line (of the text for a multi-line rule) and run again; every pattern is
/// written so that a cut match still reaches the end of its window.
struct RulePass {
    /// How far past a hit a match may reach before its window has to grow.
    static let reach = 8192
    /// Windows closer than this are run as one (fewer calls into the regex engine).
    static let mergeGap = 256
    /// A cluster of windows with more bytes than this per hit is matched hit by hit, anchored,
    /// instead of scanned: ICU costs ~20-100 ns per byte scanned and ~3 µs per call.
    static let anchoredBytesPerHit = 256
    /// The first window of an anchored match: most secrets end well within it.
    static let anchoredReach = 384

    let rule: RedactionRule
    let text: UnsafeBufferPointer<UInt8>
    /// Markers already in the text, sorted.
    let markers: [Range<Int>]

    private struct Window {
        var range: Range<Int>
        /// Ends at `reach` rather than where a match must end.
        var capped: Bool
    }

    /// Overlapping windows of accepted hits, run together.
    private struct Cluster {
        var window: Window
        var hits: [(start: Int, end: Int, window: Window)]
    }

    /// What running the expression in one window found.
    private struct Found {
        var edits: [Edit] = []
        /// End (byte offset) of the last match, replaced or not.
        var end: Int?
        var touchesEnd = false
        /// The engine gave up (ICU's backtracking stack ran out): what it found cannot be trusted.
        var failed = false
    }

    /// The edits this rule makes, sorted and disjoint.
    func edits(hits: [KeywordScanner.Hit]) -> [Edit] {
        switch rule.matcher {
        case .literal:
            return literalEdits(hits)
        case .pattern(let regex, let groups):
            guard !rule.keywords.isEmpty else {
                return run(regex, groups, in: Window(range: 0..<text.count, capped: false), from: nil, after: 0).edits
            }
            return patternEdits(clusters(for: hits), regex: regex, groups: groups)
        }
    }

    private func literalEdits(_ hits: [KeywordScanner.Hit]) -> [Edit] {
        var ranges: [Range<Int>] = []
        for hit in hits {
            if let last = ranges.last, hit.start < last.upperBound {
                ranges[ranges.count - 1] = last.lowerBound..<max(last.upperBound, hit.end)
            } else {
                ranges.append(hit.start..<hit.end)
            }
        }
        return ranges.filter { RedactionMarker.shouldReplace($0, in: text, markers: markers) }
            .map { Edit(range: $0, replacement: rule.marker) }
    }

    private func patternEdits(_ clusters: [Cluster], regex: NSRegularExpression, groups: [Int]) -> [Edit] {
        var edits: [Edit] = []
        var done = 0
        var next = 0
        while next < clusters.count {
            let cluster = clusters[next]
            next += 1
            if cluster.window.range.count > cluster.hits.count * Self.anchoredBytesPerHit {
                anchoredEdits(cluster.hits, regex: regex, groups: groups, edits: &edits, done: &done)
                continue
            }
            var window = cluster.window
            while true {
                let found = run(regex, groups, in: window, from: nil, after: done)
                if found.failed {
                    // Hit by hit, each anchored run is small; one that still fails is masked whole.
                    anchoredEdits(cluster.hits, regex: regex, groups: groups, edits: &edits, done: &done)
                    break
                }
                guard window.capped, found.touchesEnd else {
                    edits += found.edits
                    done = max(done, found.end ?? done)
                    break
                }
                window = Window(range: window.range.lowerBound..<grownEnd(from: window.range.upperBound), capped: false)
                while next < clusters.count, clusters[next].window.range.lowerBound <= window.range.upperBound {
                    if clusters[next].window.range.upperBound > window.range.upperBound {
                        window = Window(range: window.range.lowerBound..<clusters[next].window.range.upperBound, capped: clusters[next].window.capped)
                    }
                    next += 1
                }
            }
        }
        return edits
    }

    private func anchoredEdits(
        _ hits: [(start: Int, end: Int, window: Window)], regex: NSRegularExpression, groups: [Int], edits: inout [Edit], done: inout Int
    ) {
        for hit in hits where hit.start >= done {
            let found = runGrowing(regex, groups, in: hit.window, from: hit.start, keywordEnd: hit.end, after: done)
            edits += found.edits
            done = max(done, found.end ?? done)
        }
    }

    /// One anchored match at `start`, first in a short window (a call costs in proportion to
    /// its window), then in the hit's whole window, then to the end of the line, while the match
    /// reaches the end of a window that cut it short. A window whose end the anchor knew
    /// exactly (a JWT, URL credentials) is never cut: those patterns do not match cut short.
    /// If the engine gives up, everything after the keyword to the end of the line (of the text
    /// for a multi-line rule) is masked: a secret is never kept because matching failed.
    private func runGrowing(
        _ regex: NSRegularExpression, _ groups: [Int], in window: Window, from start: Int, keywordEnd: Int, after done: Int
    ) -> Found {
        let shortEnd = start + Self.anchoredReach
        var current = window.capped && shortEnd < window.range.upperBound
            ? Window(range: window.range.lowerBound..<alignForward(shortEnd), capped: true) : window
        while true {
            let found = run(regex, groups, in: current, from: start, after: done)
            if found.failed { return maskedToEnd(from: keywordEnd) }
            guard current.capped, found.touchesEnd else { return found }
            current = current.range.upperBound < window.range.upperBound
                ? window : Window(range: window.range.lowerBound..<grownEnd(from: window.range.upperBound), capped: false)
        }
    }

    private func clusters(for hits: [KeywordScanner.Hit]) -> [Cluster] {
        var cache = Anchor.RunCache()
        var clusters: [Cluster] = []
        for hit in hits {
            guard case .accept(let end) = rule.anchor.evaluate(text, at: hit, cache: &cache) else { continue }
            let start = alignBackward(max(0, hit.start - rule.lookbehind))
            let limit = end ?? (hit.start + Self.reach)
            let window = limit >= text.count
                ? Window(range: start..<text.count, capped: false)
                : Window(range: start..<alignForward(limit), capped: end == nil)
            // Only the last window is copied out: holding the whole cluster would make every append
            // copy its hit list (quadratic on keyword-dense text).
            if let last = clusters.last?.window, window.range.lowerBound <= last.range.upperBound + Self.mergeGap {
                let longer = window.range.upperBound > last.range.upperBound ? window : last
                clusters[clusters.count - 1].window = Window(range: last.range.lowerBound..<longer.range.upperBound, capped: longer.capped)
                clusters[clusters.count - 1].hits.append((hit.start, hit.end, window))
            } else {
                clusters.append(Cluster(window: window, hits: [(hit.start, hit.end, window)]))
            }
        }
        return clusters
    }

    /// Runs the expression in `window`: every match, or with `start` one match anchored there.
    /// Matches that begin before `done` (inside an earlier match) are ignored.
    private func run(_ regex: NSRegularExpression, _ groups: [Int], in window: Window, from start: Int?, after done: Int) -> Found {
        let base = window.range.lowerBound
        let slice = UnsafeBufferPointer(rebasing: text[window.range])
        let string = String(decoding: slice, as: UTF8.self)
        var offsets = UTF16Offsets(bytes: slice, isASCII: slice.allSatisfy { $0 < 0x80 })
        let length = offsets.isASCII ? slice.count : string.utf16.count
        var results: [NSTextCheckingResult] = []
        var failed = false
        let range: NSRange
        var options: NSRegularExpression.MatchingOptions = [.reportCompletion]
        if let start {
            let location = offsets.utf16Offset(ofByte: start - base)
            range = NSRange(location: location, length: length - location)
            options.formUnion([.anchored, .withTransparentBounds])
        } else {
            range = NSRange(location: 0, length: length)
        }
        // ICU reports an exhausted backtracking stack only as a flag on completion; without it a
        // long value with many alternations would silently not match.
        regex.enumerateMatches(in: string, options: options, range: range) { result, flags, stop in
            if let result {
                results.append(result)
                if start != nil { stop.pointee = true }
            }
            if flags.contains(.internalError) { failed = true }
        }
        if failed { return Found(failed: true) }
        var found = Found()
        for result in results {
            if result.range.location + result.range.length >= length { found.touchesEnd = true }
            let matchStart = base + offsets.byteOffset(result.range.location)
            guard matchStart >= done, let secret = secretRange(of: result, groups: groups) else { continue }
            // Offsets are converted in increasing order: match start, key, secret, match end.
            let key = keyRange(of: result, base: base, offsets: &offsets)
            let bytes = (base + offsets.byteOffset(secret.location))..<(base + offsets.byteOffset(secret.location + secret.length))
            let matchEnd = base + offsets.byteOffset(result.range.location + result.range.length)
            found.end = matchEnd
            guard !rule.valueFilter.isExempt(bytes, key: key, match: matchStart..<matchEnd, in: text) else { continue }
            if let edit = edit(for: result, secret: bytes, regex: regex, in: string) { found.edits.append(edit) }
        }
        return found
    }

    /// From after the keyword and the punctuation that follows it (`: `, `="`) to the end of the
    /// line (of the text for a multi-line rule), replaced by the marker.
    private func maskedToEnd(from keywordEnd: Int) -> Found {
        var start = keywordEnd
        while start < text.count, start - keywordEnd < 16, Self.separatorBytes.contains(text[start]) { start += 1 }
        let range = start..<grownEnd(from: start)
        var found = Found(end: range.upperBound)
        if RedactionMarker.shouldReplace(range, in: text, markers: markers) {
            found.edits = [Edit(range: range, replacement: rule.marker)]
        }
        return found
    }

    private static let separatorBytes = Array(" \t\"':=>\\".utf8)

    /// The replacement of one match, unless its secret is already redacted or would not change.
    private func edit(for result: NSTextCheckingResult, secret bytes: Range<Int>, regex: NSRegularExpression, in string: String) -> Edit? {
        guard RedactionMarker.shouldReplace(bytes, in: text, markers: markers) else { return nil }
        let replacement: [UInt8]
        switch rule.replacement {
        case .marker:
            replacement = rule.marker
        case .template(let template):
            replacement = Array(regex.replacementString(for: result, in: string, offset: 0, template: template).utf8)
        }
        guard !replacement.elementsEqual(text[bytes]) else { return nil }
        return Edit(range: bytes, replacement: replacement)
    }

    /// The key of a key/value match, as bytes.
    private func keyRange(of result: NSTextCheckingResult, base: Int, offsets: inout UTF16Offsets) -> Range<Int>? {
        guard case .placeholders(let group) = rule.valueFilter, group < result.numberOfRanges else { return nil }
        let key = result.range(at: group)
        guard key.location != NSNotFound else { return nil }
        return (base + offsets.byteOffset(key.location))..<(base + offsets.byteOffset(key.location + key.length))
    }

    /// The first participating group of `groups`; the whole match for a template rule.
    private func secretRange(of result: NSTextCheckingResult, groups: [Int]) -> NSRange? {
        if case .template = rule.replacement { return result.range }
        for group in groups where group < result.numberOfRanges {
            let range = result.range(at: group)
            if range.location != NSNotFound { return range }
        }
        return nil
    }

    /// Where a window that cut a match grows to: the end of the line, or of the text for a
    /// multi-line rule.
    private func grownEnd(from position: Int) -> Int {
        guard !rule.anchor.spansLines else { return text.count }
        return endOfLine(from: position)
    }

    private func endOfLine(from position: Int) -> Int {
        var end = position
        while end < text.count, text[end] != UInt8(ascii: "\n") { end += 1 }
        return end
    }

    private func alignBackward(_ position: Int) -> Int {
        var position = position
        while position > 0, position < text.count, Bytes.isContinuation(text[position]) { position -= 1 }
        return position
    }

    private func alignForward(_ position: Int) -> Int {
        var position = position
        while position < text.count, Bytes.isContinuation(text[position]) { position += 1 }
        return position
    }
}
