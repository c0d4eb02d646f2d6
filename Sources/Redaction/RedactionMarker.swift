/// The text that replaces a secret, `[REDACTED:<rule>]`, and where markers already are.
///
/// Markers make redaction idempotent: a candidate that is nothing but markers and whitespace
/// is already redacted, and a candidate that starts or ends inside a marker is never cut.
enum RedactionMarker {
    static let prefix = Array("[REDACTED".utf8)

    /// `[REDACTED:<name>]`.
    static func bytes(for name: String) -> [UInt8] {
        prefix + [UInt8(ascii: ":")] + Array(name.utf8) + [UInt8(ascii: "]")]
    }

    /// Whether `name` can appear in a marker: `[A-Za-z0-9._-]+`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(Bytes.isKeyCharacter)
    }

    /// The marker spans that start at `hits` (occurrences of `[REDACTED`): `[REDACTED]` or
    /// `[REDACTED:<name>]`.
    static func spans(in text: UnsafeBufferPointer<UInt8>, hits: [KeywordScanner.Hit]) -> [Range<Int>] {
        hits.compactMap { hit in
            var position = hit.end
            if position < text.count, text[position] == UInt8(ascii: ":") {
                position += 1
                while position < text.count, Bytes.isKeyCharacter(text[position]) { position += 1 }
            }
            guard position < text.count, text[position] == UInt8(ascii: "]") else { return nil }
            return hit.start..<(position + 1)
        }
    }

    /// The marker spans in a short text, found without the scanner.
    static func spans(in text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        guard text.count >= prefix.count else { return [] }
        let hits = (0...(text.count - prefix.count)).filter { start in
            text[start..<(start + prefix.count)].elementsEqual(prefix)
        }
        return spans(in: text, hits: hits.map { KeywordScanner.Hit(start: $0, length: prefix.count) })
    }

    /// Whether a candidate secret at `range` should be replaced: not empty, not already only
    /// markers and whitespace, and not starting or ending inside a marker.
    static func shouldReplace(_ range: Range<Int>, in text: UnsafeBufferPointer<UInt8>, markers: [Range<Int>]) -> Bool {
        guard !range.isEmpty else { return false }
        var first = firstMarker(endingAfter: range.lowerBound, in: markers)
        var position = range.lowerBound
        var hasContent = false
        while first < markers.count, markers[first].lowerBound < range.upperBound {
            let marker = markers[first]
            if marker.lowerBound < range.lowerBound || marker.upperBound > range.upperBound { return false }
            if !hasContent { hasContent = containsContent(text, position..<marker.lowerBound) }
            position = marker.upperBound
            first += 1
        }
        return hasContent || containsContent(text, position..<range.upperBound)
    }

    private static func containsContent(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        range.contains { !Bytes.isWhitespace(text[$0]) }
    }

    /// Index of the first marker that ends after `position` (markers are sorted and disjoint).
    private static func firstMarker(endingAfter position: Int, in markers: [Range<Int>]) -> Int {
        var low = 0, high = markers.count
        while low < high {
            let middle = (low + high) / 2
            if markers[middle].upperBound > position { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
