/// A Thompson NFA over UTF-8 bytes, compiled from a `RegexNode`.
struct RegexProgram: Sendable {
    /// The most states a pattern may compile to (counted repetitions multiply their body).
    static let maxStates = 200_000

    enum State: Sendable, Equatable {
        /// Consumes one byte in `lo...hi`, then goes to `next`.
        case bytes(lo: UInt8, hi: UInt8, next: Int32)
        case split(Int32, Int32)
        case epsilon(Int32)
        /// Passes only at the start of the line.
        case lineStart(Int32)
        /// Passes only at the end of the line.
        case lineEnd(Int32)
        case match
    }

    private(set) var states: [State] = [.match]
    private(set) var start: Int32 = 0

    init(_ node: RegexNode) throws(RegexSyntaxError) {
        start = try compile(node, next: 0)
    }

    private mutating func add(_ state: State) throws(RegexSyntaxError) -> Int32 {
        guard states.count < Self.maxStates else {
            throw RegexSyntaxError(message: "the pattern is too large (over \(Self.maxStates) automaton states); use smaller repetition counts", column: 1)
        }
        states.append(state)
        return Int32(states.count - 1)
    }

    /// The entry state of `node` followed by `next` (built back to front, so nothing is patched but loops).
    private mutating func compile(_ node: RegexNode, next: Int32) throws(RegexSyntaxError) -> Int32 {
        switch node {
        case .empty:
            return next
        case .literal(let c):
            var entry = next
            for byte in String(c).utf8.reversed() { entry = try add(.bytes(lo: byte, hi: byte, next: entry)) }
            return entry
        case .set(let ranges):
            return try set(ranges, next: next)
        case .lineStart:
            return try add(.lineStart(next))
        case .lineEnd:
            return try add(.lineEnd(next))
        case .concat(let items):
            var entry = next
            for item in items.reversed() { entry = try compile(item, next: entry) }
            return entry
        case .alternate(let branches):
            var entry = try compile(branches[branches.count - 1], next: next)
            for branch in branches.dropLast().reversed() { entry = try add(.split(try compile(branch, next: next), entry)) }
            return entry
        case .group(let inner):
            return try compile(inner, next: next)
        case .repeated(let inner, let min, let max):
            var entry = next
            if let max {
                for _ in 0..<(max - min) { entry = try add(.split(try compile(inner, next: entry), next)) }
            } else {
                let loop = try add(.epsilon(next))
                let body = try compile(inner, next: loop)
                states[Int(loop)] = .split(body, next)
                entry = loop
            }
            for _ in 0..<min { entry = try compile(inner, next: entry) }
            return entry
        }
    }

    /// One branch per UTF-8 byte sequence of the set's ranges.
    private mutating func set(_ ranges: [ClosedRange<UInt32>], next: Int32) throws(RegexSyntaxError) -> Int32 {
        var entries: [Int32] = []
        for range in ranges {
            for sequence in UTF8Ranges.sequences(range) {
                var entry = next
                for bytes in sequence.reversed() { entry = try add(.bytes(lo: bytes.lowerBound, hi: bytes.upperBound, next: entry)) }
                entries.append(entry)
            }
        }
        guard var entry = entries.last else { return try add(.bytes(lo: 1, hi: 0, next: next)) }  // matches nothing
        for other in entries.dropLast().reversed() { entry = try add(.split(other, entry)) }
        return entry
    }
}
