/// A string that every match contains (compared ignoring ASCII case), with what is known of its
/// neighbours: whether it must begin the line (`^foo`) or end it (`foo$`). A full-text index can
/// only use the parts of it whose token boundaries are certain.
public struct RequiredLiteral: Equatable, Sendable {
    public var text: String
    public var atLineStart = false
    public var atLineEnd = false

    /// The runs of single characters in a concatenation, at any depth where the part is required:
    /// groups and repetitions with a minimum of one pass their literals up; alternation, `?`, `*`
    /// and `{0,n}` yield none (a branch that can be skipped proves nothing).
    static func extract(from node: RegexNode) -> [RequiredLiteral] {
        var found: [RequiredLiteral] = []
        collect(node, into: &found)
        return found
    }

    private static func collect(_ node: RegexNode, into found: inout [RequiredLiteral]) {
        switch node {
        case .concat(let items):
            concatenation(items, into: &found)
        case .group(let inner):
            collect(inner, into: &found)
        case .repeated(let inner, let min, _) where min >= 1:
            collect(inner, into: &found)
        case .literal, .set:
            if let text = exactText(node) { found.append(RequiredLiteral(text: text)) }
        case .empty, .lineStart, .lineEnd, .alternate, .repeated:
            break
        }
    }

    private static func concatenation(_ items: [RegexNode], into found: inout [RequiredLiteral]) {
        var run = ""
        var startsLine = false
        func flush(endsLine: Bool) {
            if !run.isEmpty { found.append(RequiredLiteral(text: run, atLineStart: startsLine, atLineEnd: endsLine)) }
            run = ""
            startsLine = false
        }
        for item in items {
            if let text = exactText(item) {
                run += text
                continue
            }
            switch item {
            case .lineStart:
                flush(endsLine: false)
                startsLine = true
            case .lineEnd:
                flush(endsLine: true)
            default:
                flush(endsLine: false)
                collect(item, into: &found)
            }
        }
        flush(endsLine: false)
    }

    /// The one string (ignoring ASCII case) that `node` matches, if it matches exactly one.
    private static func exactText(_ node: RegexNode) -> String? {
        switch node {
        case .literal(let c):
            return String(c)
        case .set(let ranges):
            if ranges.count == 1, ranges[0].count == 1, let c = Unicode.Scalar(ranges[0].lowerBound) { return String(c) }
            if ranges.count == 2, ranges[0].count == 1, ranges[1].count == 1, ranges[1].lowerBound == ranges[0].lowerBound + 32,
               (0x41...0x5A).contains(ranges[0].lowerBound), let c = Unicode.Scalar(ranges[1].lowerBound) {
                return String(c)
            }
            return nil
        case .group(let inner):
            return exactText(inner)
        case .concat(let items):
            var text = ""
            for item in items {
                guard let part = exactText(item) else { return nil }
                text += part
            }
            return text
        case .repeated(let inner, let min, let max) where min == max:
            return exactText(inner).map { String(repeating: $0, count: min) }
        default:
            return nil
        }
    }
}
