/// A compiled pattern: what a search needs to scan lines and to pre-filter them.
public struct LinePattern: Sendable {
    /// The pattern as the user wrote it.
    public let source: String
    public let ignoreCase: Bool
    /// Strings every matching line contains (empty when none can be proven, e.g. for `a|b`).
    public let requiredLiterals: [RequiredLiteral]
    let program: RegexProgram

    /// Parses and compiles `pattern`; throws `RegexSyntaxError` with the column at fault.
    public init(_ pattern: String, ignoreCase: Bool = false) throws(RegexSyntaxError) {
        let node = try RegexParser.parse(pattern, ignoreCase: ignoreCase)
        source = pattern
        self.ignoreCase = ignoreCase
        requiredLiterals = RequiredLiteral.extract(from: node)
        program = try RegexProgram(node)
    }

    /// A new matcher (each keeps its own cache; use one per scan, on one thread).
    public func matcher() -> LineMatcher {
        LineMatcher(program: program)
    }
}
