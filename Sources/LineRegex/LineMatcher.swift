/// Tells whether a line contains a match of a pattern, in time linear in the line's bytes: the NFA
/// is simulated as a DFA whose states (sets of NFA states) are built on first use and cached.
/// Not thread-safe: one matcher per scan (`LinePattern.matcher()`).
public final class LineMatcher {
    /// Cached DFA states before the cache is emptied and rebuilt (memory stays bounded).
    static let maxCachedStates = 4096

    private let program: RegexProgram
    /// `transitions[state * 256 + byte]`: the next DFA state, or -1 while not computed.
    private var transitions: [Int32] = []
    private var sets: [[Int32]] = []
    private var ids: [[Int32]: Int32] = [:]
    /// A match is certain once this state is reached (whatever follows).
    private var matched: [Bool] = []
    /// No match can follow from this state.
    private var dead: [Bool] = []
    /// The line may end here and match (through `$`).
    private var acceptsAtEnd: [Bool] = []
    private var initial: Int32 = 0
    private var scratch: [Bool]

    init(program: RegexProgram) {
        self.program = program
        scratch = Array(repeating: false, count: program.states.count)
        reset()
    }

    private func reset() {
        transitions.removeAll(keepingCapacity: true)
        sets.removeAll(keepingCapacity: true)
        ids.removeAll(keepingCapacity: true)
        matched.removeAll(keepingCapacity: true)
        dead.removeAll(keepingCapacity: true)
        acceptsAtEnd.removeAll(keepingCapacity: true)
        // The line's first state is its own (it alone passes `^`), never shared with a later one.
        initial = intern(closure(of: [program.start], atLineStart: true), atLineStart: true)
    }

    /// DFA states built so far (bounded by the pattern, not by the lines matched).
    var cachedStates: Int { sets.count }

    /// Whether `line` contains a match.
    public func matches(_ line: String) -> Bool {
        var line = line
        return line.withUTF8 { matches(utf8: $0) }
    }

    /// Whether the UTF-8 bytes of one line contain a match.
    public func matches(utf8 line: UnsafeBufferPointer<UInt8>) -> Bool {
        var state = initial
        if matched[Int(state)] { return true }
        for byte in line {
            var next = transitions[Int(state) &* 256 &+ Int(byte)]
            if next < 0 { next = step(state, byte) }
            state = next
            if matched[Int(state)] { return true }
            if dead[Int(state)] { return false }
        }
        return acceptsAtEnd[Int(state)]
    }

    private func step(_ state: Int32, _ byte: UInt8) -> Int32 {
        var targets: [Int32] = []
        for s in sets[Int(state)] {
            if case .bytes(let lo, let hi, let next) = program.states[Int(s)], lo <= byte, byte <= hi { targets.append(next) }
        }
        targets.append(program.start)  // a match may begin at any byte
        let set = closure(of: targets, atLineStart: false)
        if ids[set] == nil, sets.count >= Self.maxCachedStates {
            reset()
            return intern(set, atLineStart: false)
        }
        let next = intern(set, atLineStart: false)
        transitions[Int(state) * 256 + Int(byte)] = next
        return next
    }

    /// The states reachable without consuming a byte, keeping those that consume, match or wait for
    /// the line's end (in a canonical order, so equal sets get one DFA state).
    private func closure(of roots: [Int32], atLineStart: Bool) -> [Int32] {
        var kept: [Int32] = []
        var stack = roots.reversed().map { $0 }
        var visited: [Int32] = []
        while let s = stack.popLast() {
            guard !scratch[Int(s)] else { continue }
            scratch[Int(s)] = true
            visited.append(s)
            switch program.states[Int(s)] {
            case .bytes, .match, .lineEnd: kept.append(s)
            case .split(let a, let b): stack.append(b); stack.append(a)
            case .epsilon(let next): stack.append(next)
            case .lineStart(let next): if atLineStart { stack.append(next) }
            }
        }
        for s in visited { scratch[Int(s)] = false }
        return kept.sorted()
    }

    private func intern(_ set: [Int32], atLineStart: Bool) -> Int32 {
        if !atLineStart, let id = ids[set] { return id }
        let id = Int32(sets.count)
        if !atLineStart { ids[set] = id }
        sets.append(set)
        transitions.append(contentsOf: repeatElement(-1, count: 256))
        matched.append(set.contains { program.states[Int($0)] == .match })
        dead.append(set.isEmpty)
        let ends = set.compactMap { s -> Int32? in
            if case .lineEnd(let next) = program.states[Int(s)] { return next }
            return nil
        }
        acceptsAtEnd.append(matched.last! || endClosureMatches(ends, atLineStart: atLineStart))
        return id
    }

    /// Whether `$` states, at the line's end, lead to a match.
    private func endClosureMatches(_ roots: [Int32], atLineStart: Bool) -> Bool {
        var stack = roots
        var seen = Set<Int32>()
        while let s = stack.popLast() {
            guard seen.insert(s).inserted else { continue }
            switch program.states[Int(s)] {
            case .match: return true
            case .bytes: break
            case .split(let a, let b): stack.append(a); stack.append(b)
            case .epsilon(let next), .lineEnd(let next): stack.append(next)
            case .lineStart(let next): if atLineStart { stack.append(next) }
            }
        }
        return false
    }
}
