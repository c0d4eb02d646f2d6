/// Finds every occurrence of a fixed set of keywords in UTF-8 bytes in one pass: the cheap
/// prefilter that decides where (and whether) a rule's regular expression runs at all.
///
/// Keywords are byte strings; a case-insensitive keyword folds ASCII letters only. A bitmap of
/// the keywords' first two bytes rejects almost every position with one lookup.
struct KeywordScanner: Sendable {
    /// One keyword and the owner (rule index) its hits are reported to.
    struct Keyword: Sendable, Equatable {
        var bytes: [UInt8]
        var caseInsensitive: Bool
        var owner: Int
    }

    /// Where one keyword occurs: `start` and the keyword's `length` in bytes.
    struct Hit: Sendable, Equatable {
        var start: Int
        var length: Int
        var end: Int { start + length }
    }

    let ownerCount: Int
    /// All keywords' bytes back to back (case-insensitive ones in lower case); keyword k is
    /// `bytes[offsets[k] ..< offsets[k + 1]]`.
    private let bytes: [UInt8]
    private let offsets: [Int]
    private let caseInsensitive: [Bool]
    private let owners: [Int]
    /// Bit `b0 << 8 | b1` is set when some keyword can start with the bytes b0 b1.
    private let pairs: [UInt64]
    /// For each first byte b, `candidates[firstByteStart[b] ..< firstByteStart[b + 1]]`
    /// are the keywords that can start with b.
    private let firstByteStart: [Int]
    private let candidates: [Int]

    init(_ input: [Keyword], ownerCount: Int) {
        let keywords = input.filter { !$0.bytes.isEmpty }.map { keyword in
            var keyword = keyword
            if keyword.caseInsensitive { keyword.bytes = keyword.bytes.map(Self.lower) }
            return keyword
        }
        var buckets = [[Int]](repeating: [], count: 256)
        var pairs = [UInt64](repeating: 0, count: 65536 / 64)
        for (index, keyword) in keywords.enumerated() {
            let firsts = Self.variants(of: keyword.bytes[0], caseInsensitive: keyword.caseInsensitive)
            let seconds = keyword.bytes.count > 1
                ? Self.variants(of: keyword.bytes[1], caseInsensitive: keyword.caseInsensitive) : Array(0...255)
            for first in firsts {
                buckets[first].append(index)
                for second in seconds { pairs[(first << 8 | second) >> 6] |= 1 << UInt64((first << 8 | second) & 63) }
            }
        }
        self.bytes = keywords.flatMap(\.bytes)
        self.offsets = keywords.reduce(into: [0]) { offsets, keyword in offsets.append(offsets[offsets.count - 1] + keyword.bytes.count) }
        self.caseInsensitive = keywords.map(\.caseInsensitive)
        self.owners = keywords.map(\.owner)
        self.pairs = pairs
        self.firstByteStart = buckets.reduce(into: [0]) { starts, bucket in starts.append(starts[starts.count - 1] + bucket.count) }
        self.candidates = buckets.flatMap { $0 }
        self.ownerCount = ownerCount
    }

    /// All hits, per owner, in order of their start (one hit per owner and start: the longest).
    func scan(_ text: UnsafeBufferPointer<UInt8>) -> [[Hit]] {
        var hits = [[Hit]](repeating: [], count: ownerCount)
        guard !text.isEmpty else { return hits }
        pairs.withUnsafeBufferPointer { pairs in
            firstByteStart.withUnsafeBufferPointer { firstByteStart in
                candidates.withUnsafeBufferPointer { candidates in
                    offsets.withUnsafeBufferPointer { offsets in
                        bytes.withUnsafeBufferPointer { bytes in
                            caseInsensitive.withUnsafeBufferPointer { caseInsensitive in
                                owners.withUnsafeBufferPointer { owners in
                                    let tables = Tables(
                                        pairs: pairs, firstByteStart: firstByteStart, candidates: candidates, offsets: offsets,
                                        bytes: bytes, caseInsensitive: caseInsensitive, owners: owners)
                                    tables.scan(text, into: &hits)
                                }
                            }
                        }
                    }
                }
            }
        }
        return hits
    }

    /// The scanner's arrays as buffers, so the loop does no reference counting or copying.
    private struct Tables {
        let pairs: UnsafeBufferPointer<UInt64>
        let firstByteStart: UnsafeBufferPointer<Int>
        let candidates: UnsafeBufferPointer<Int>
        let offsets: UnsafeBufferPointer<Int>
        let bytes: UnsafeBufferPointer<UInt8>
        let caseInsensitive: UnsafeBufferPointer<Bool>
        let owners: UnsafeBufferPointer<Int>

        func scan(_ text: UnsafeBufferPointer<UInt8>, into hits: inout [[Hit]]) {
            let last = text.count - 1
            var pair = Int(text[0])
            var position = 0
            while position <= last {
                pair = (pair << 8 | (position < last ? Int(text[position + 1]) : 0)) & 0xFFFF
                if pairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 {
                    collect(at: position, in: text, into: &hits)
                }
                position += 1
            }
        }

        private func collect(at position: Int, in text: UnsafeBufferPointer<UInt8>, into hits: inout [[Hit]]) {
            let first = Int(text[position])
            for slot in firstByteStart[first]..<firstByteStart[first + 1] {
                let keyword = candidates[slot]
                let start = offsets[keyword], length = offsets[keyword + 1] - start
                guard position + length <= text.count, matches(keyword, start: start, length: length, in: text, at: position) else { continue }
                let owner = owners[keyword]
                if let previous = hits[owner].last, previous.start == position {
                    if length > previous.length { hits[owner][hits[owner].count - 1].length = length }
                } else {
                    hits[owner].append(Hit(start: position, length: length))
                }
            }
        }

        private func matches(_ keyword: Int, start: Int, length: Int, in text: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
            var offset = 1
            if caseInsensitive[keyword] {
                while offset < length, KeywordScanner.lower(text[position + offset]) == bytes[start + offset] { offset += 1 }
            } else {
                while offset < length, text[position + offset] == bytes[start + offset] { offset += 1 }
            }
            return offset >= length
        }
    }

    /// The byte values a keyword byte matches: itself, and its upper case when folded.
    private static func variants(of byte: UInt8, caseInsensitive: Bool) -> [Int] {
        caseInsensitive && byte >= 0x61 && byte <= 0x7A ? [Int(byte), Int(byte - 0x20)] : [Int(byte)]
    }

    /// ASCII lower case; other bytes unchanged.
    static func lower(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}
