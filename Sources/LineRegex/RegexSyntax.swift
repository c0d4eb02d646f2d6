// LineRegex: regular expressions over single lines of stored evidence, matched in time linear in
// the line's length (a lazily built DFA over UTF-8 bytes, no backtracking), so no pattern can hang
// a search. It knows nothing of SQL or the archive; Archive uses it to scan lines and to learn the
// literals a pattern needs (for its full-text pre-filter).

/// A parsed pattern: the POSIX extended syntax `grep -E` takes, plus `\d \w \s` (and their
/// negations), `(?:…)` and lazy quantifiers. Backreferences, lookaround and `\b` are refused: they
/// are not regular, so no linear-time engine can run them.
indirect enum RegexNode: Equatable, Sendable {
    case empty
    case literal(Unicode.Scalar)
    /// A set of scalars as sorted, disjoint ranges (`.`, `[a-z]`, `\d`, and case-folded letters).
    case set([ClosedRange<UInt32>])
    case lineStart
    case lineEnd
    case concat([RegexNode])
    case alternate([RegexNode])
    case group(RegexNode)
    case repeated(RegexNode, min: Int, max: Int?)
}

/// Why a pattern cannot be used, with the column (1-based, in characters) where it went wrong.
public struct RegexSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public let column: Int
    public var description: String { "\(message) at column \(column)" }
}

/// Recursive-descent parser from pattern text to `RegexNode`.
struct RegexParser {
    /// The largest count `{n,m}` may name: larger repetitions would expand to huge automata.
    static let maxRepeat = 1000

    private let scalars: [Unicode.Scalar]
    private var position = 0
    private let ignoreCase: Bool

    init(_ pattern: String, ignoreCase: Bool) {
        scalars = Array(pattern.unicodeScalars)
        self.ignoreCase = ignoreCase
    }

    static func parse(_ pattern: String, ignoreCase: Bool = false) throws(RegexSyntaxError) -> RegexNode {
        var parser = RegexParser(pattern, ignoreCase: ignoreCase)
        let node = try parser.alternation()
        if parser.position < parser.scalars.count { throw parser.error("unmatched )") }
        return node
    }

    private func error(_ message: String, at offset: Int? = nil) -> RegexSyntaxError {
        RegexSyntaxError(message: message, column: (offset ?? position) + 1)
    }

    private var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    private mutating func alternation() throws(RegexSyntaxError) -> RegexNode {
        var branches = [try concatenation()]
        while peek == "|" {
            position += 1
            branches.append(try concatenation())
        }
        return branches.count == 1 ? branches[0] : .alternate(branches)
    }

    private mutating func concatenation() throws(RegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek, c != "|", c != ")" {
            items.append(try quantified())
        }
        switch items.count {
        case 0: return .empty
        case 1: return items[0]
        default: return .concat(items)
        }
    }

    private mutating func quantified() throws(RegexSyntaxError) -> RegexNode {
        let start = position
        var node = try atom()
        while let c = peek {
            let bounds: (Int, Int?)
            switch c {
            case "*": bounds = (0, nil); position += 1
            case "+": bounds = (1, nil); position += 1
            case "?": bounds = (0, 1); position += 1
            case "{":
                guard let counted = try counts() else { return node }
                bounds = counted
            default: return node
            }
            if case .lineStart = node { throw error("nothing to repeat", at: start) }
            if case .lineEnd = node { throw error("nothing to repeat", at: start) }
            node = .repeated(node, min: bounds.0, max: bounds.1)
            if peek == "?" { position += 1 }  // lazy: the same lines match
            if let next = peek, next == "*" || next == "+" || next == "?" || next == "{" {
                throw error("a quantifier cannot follow a quantifier (possessive forms are not supported)")
            }
        }
        return node
    }

    /// `{n}`, `{n,}`, `{n,m}`; nil (and nothing consumed) when the brace does not start one.
    private mutating func counts() throws(RegexSyntaxError) -> (Int, Int?)? {
        let start = position
        var i = position + 1
        func number() -> Int? {
            var value: Int?
            while i < scalars.count, let digit = Int(String(scalars[i])), scalars[i].isASCII {
                value = min((value ?? 0) * 10 + digit, Int(Int32.max))
                i += 1
            }
            return value
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        if i < scalars.count, scalars[i] == "," {
            i += 1
            high = number()
        }
        guard i < scalars.count, scalars[i] == "}" else { return nil }
        position = i + 1
        if let high, high < low { throw error("{\(low),\(high)}: the maximum is below the minimum", at: start) }
        if max(low, high ?? 0) > Self.maxRepeat { throw error("a repetition count above \(Self.maxRepeat)", at: start) }
        return (low, high)
    }

    private mutating func atom() throws(RegexSyntaxError) -> RegexNode {
        guard let c = peek else { throw error("unexpected end of pattern") }
        let start = position
        position += 1
        switch c {
        case "(":
            if peek == "?" {
                guard position + 1 < scalars.count, scalars[position + 1] == ":" else {
                    throw error("(? groups other than (?:…) — lookaround, flags, names — are not supported", at: start)
                }
                position += 2
            }
            let inner = try alternation()
            guard peek == ")" else { throw error("missing )", at: start) }
            position += 1
            return .group(inner)
        case ".": return .set(CharRanges.complement([10...10]))
        case "^": return .lineStart
        case "$": return .lineEnd
        case "[": return try bracket(start: start)
        case "\\": return try escape()
        case "*", "+", "?": throw error("nothing to repeat", at: start)
        default: return literal(c)
        }
    }

    private func literal(_ c: Unicode.Scalar) -> RegexNode {
        let folded = ignoreCase ? CharRanges.caseFolded([c.value...c.value]) : [c.value...c.value]
        return folded.count == 1 && folded[0].count == 1 ? .literal(c) : .set(folded)
    }

    private mutating func escape() throws(RegexSyntaxError) -> RegexNode {
        guard let c = peek else { throw error("a trailing backslash") }
        position += 1
        if let ranges = CharRanges.shorthand(c) { return .set(ranges) }
        switch c {
        case "b", "B", "A", "z", "Z", "G", "<", ">":
            throw error("\\\(c) (word boundaries and anchors other than ^ and $) is not supported", at: position - 2)
        case "1"..."9": throw error("backreferences (\\\(c)) are not regular and are not supported", at: position - 2)
        default: return literal(try escaped(c, at: position - 2, inClass: false))
        }
    }

    /// The scalar `\c` stands for: `\t \n \r`, or a punctuation character itself.
    private func escaped(_ c: Unicode.Scalar, at offset: Int, inClass: Bool) throws(RegexSyntaxError) -> Unicode.Scalar {
        switch c {
        case "t": return "\t"
        case "n": return "\n"
        case "r": return "\r"
        default:
            if c.isASCII, c.properties.isAlphabetic || c.properties.numericType != nil {
                throw error("unknown escape \\\(c)" + (inClass ? " in a class" : ""), at: offset)
            }
            return c
        }
    }

    /// `[…]`: ranges, `\d \w \s`, POSIX `[:digit:]` classes, `^` to negate, `]` first is literal.
    private mutating func bracket(start: Int) throws(RegexSyntaxError) -> RegexNode {
        var negated = false
        if peek == "^" { negated = true; position += 1 }
        var ranges: [ClosedRange<UInt32>] = []
        var first = true
        while true {
            guard let c = peek else { throw error("missing ]", at: start) }
            if c == "]" && !first { position += 1; break }
            first = false
            if c == "[", position + 1 < scalars.count, scalars[position + 1] == ":" {
                ranges += try posixClass()
                continue
            }
            let memberStart = position
            let low = try classMember()
            guard case .scalar(let lo) = low else {
                if case .ranges(let r) = low { ranges += r }
                continue
            }
            if peek == "-", position + 1 < scalars.count, scalars[position + 1] != "]" {
                position += 1
                guard case .scalar(let hi) = try classMember() else { throw error("a range cannot end in a class shorthand") }
                guard lo.value <= hi.value else { throw error("range \(lo)-\(hi) is out of order", at: memberStart) }
                ranges.append(lo.value...hi.value)
            } else {
                ranges.append(lo.value...lo.value)
            }
        }
        var set = CharRanges.normalized(ranges)
        if ignoreCase { set = CharRanges.caseFolded(set) }
        return .set(negated ? CharRanges.complement(set + [10...10]) : set)
    }

    private enum Member { case scalar(Unicode.Scalar), ranges([ClosedRange<UInt32>]) }

    private mutating func classMember() throws(RegexSyntaxError) -> Member {
        guard let c = peek else { throw error("missing ]") }
        position += 1
        guard c == "\\" else { return .scalar(c) }
        guard let e = peek else { throw error("a trailing backslash") }
        position += 1
        if let ranges = CharRanges.shorthand(e) { return .ranges(ranges) }
        return .scalar(try escaped(e, at: position - 2, inClass: true))
    }

    private mutating func posixClass() throws(RegexSyntaxError) -> [ClosedRange<UInt32>] {
        let start = position
        var i = position + 2
        var name = ""
        while i < scalars.count, scalars[i] != ":" { name.unicodeScalars.append(scalars[i]); i += 1 }
        guard i + 1 < scalars.count, scalars[i + 1] == "]", let ranges = CharRanges.posix(name) else {
            throw error("unknown class [:\(name):]", at: start)
        }
        position = i + 2
        return ranges
    }
}
