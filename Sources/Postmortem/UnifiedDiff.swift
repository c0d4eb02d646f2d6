/// Line diffs in the unified format `diff -u` and `git diff` print.
public enum UnifiedDiff {
    private enum Op: Equatable {
        case equal(Int, Int)
        case delete(Int)
        case insert(Int)
    }

    /// The unified diff from `old` to `new` with `context` lines around each change; empty when equal.
    public static func make(old: String, new: String, oldName: String, newName: String, context: Int = 3) -> String {
        let a = lines(old), b = lines(new)
        guard a != b else { return "" }
        let ops = script(a, b)
        var out = "--- \(oldName)\n+++ \(newName)\n"
        for hunk in hunks(ops, context: context) {
            let slice = ops[hunk]
            let oldStart = slice.compactMap(oldIndex).first ?? firstOldIndex(before: hunk.lowerBound, in: ops)
            let newStart = slice.compactMap(newIndex).first ?? firstNewIndex(before: hunk.lowerBound, in: ops)
            let oldCount = slice.filter { if case .insert = $0 { return false } else { return true } }.count
            let newCount = slice.filter { if case .delete = $0 { return false } else { return true } }.count
            out += "@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@\n"
            for op in slice {
                switch op {
                case .equal(let i, _): out += " " + a[i] + "\n"
                case .delete(let i): out += "-" + a[i] + "\n"
                case .insert(let j): out += "+" + b[j] + "\n"
                }
            }
        }
        return out
    }

    /// Lines without their breaks; a final line break does not start an empty line.
    static func lines(_ text: String) -> [String] {
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    /// An edit script: common prefix and suffix, and a longest common subsequence in between
    /// (inputs too large for the table are treated as replaced wholesale).
    private static func script(_ a: [String], _ b: [String]) -> [Op] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        var ops: [Op] = (0..<prefix).map { .equal($0, $0) }
        let aMid = Array(a[prefix..<(a.count - suffix)]), bMid = Array(b[prefix..<(b.count - suffix)])
        let n = aMid.count, m = bMid.count
        if n * m > 4_000_000 || n == 0 || m == 0 {
            ops += (0..<n).map { .delete(prefix + $0) }
            ops += (0..<m).map { .insert(prefix + $0) }
        } else {
            var table = [[Int32]](repeating: [Int32](repeating: 0, count: m + 1), count: n + 1)
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    table[i][j] = aMid[i] == bMid[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
                }
            }
            var i = 0, j = 0
            while i < n || j < m {
                if i < n, j < m, aMid[i] == bMid[j] {
                    ops.append(.equal(prefix + i, prefix + j)); i += 1; j += 1
                } else if i < n, j == m || table[i + 1][j] >= table[i][j + 1] {
                    ops.append(.delete(prefix + i)); i += 1
                } else {
                    ops.append(.insert(prefix + j)); j += 1
                }
            }
        }
        let tail = a.count - suffix, newTail = b.count - suffix
        ops += (0..<suffix).map { .equal(tail + $0, newTail + $0) }
        return ops
    }

    /// Index ranges of `ops` forming hunks: changes with up to `context` equal lines around them,
    /// merged when their contexts touch.
    private static func hunks(_ ops: [Op], context: Int) -> [Range<Int>] {
        let changes = ops.indices.filter { if case .equal = ops[$0] { return false } else { return true } }
        var result: [Range<Int>] = []
        var start: Int?
        var end = 0
        for index in changes {
            let from = max(0, index - context), to = min(ops.count, index + context + 1)
            if let s = start, from <= end {
                start = s
                end = max(end, to)
            } else {
                if let s = start { result.append(s..<end) }
                start = from
                end = to
            }
        }
        if let s = start { result.append(s..<end) }
        return result
    }

    private static func oldIndex(_ op: Op) -> Int? {
        switch op {
        case .equal(let i, _), .delete(let i): return i
        case .insert: return nil
        }
    }

    private static func newIndex(_ op: Op) -> Int? {
        switch op {
        case .equal(_, let j), .insert(let j): return j
        case .delete: return nil
        }
    }

    /// Where a hunk with no old lines sits: after the last old line before it.
    private static func firstOldIndex(before position: Int, in ops: [Op]) -> Int {
        (ops[..<position].compactMap(oldIndex).last ?? -1) + 1
    }

    private static func firstNewIndex(before position: Int, in ops: [Op]) -> Int {
        (ops[..<position].compactMap(newIndex).last ?? -1) + 1
    }

    /// `start,count` with 1-based lines; an empty range names the line before it (`0,0` at the top).
    private static func range(_ start: Int, _ count: Int) -> String {
        count == 0 ? "\(start),0" : "\(start + 1),\(count)"
    }
}
