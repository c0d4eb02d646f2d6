extension Redactor {
    /// The lines of one log with secrets replaced, one output line per input line.
    ///
    /// Each line is redacted as text. A PEM private key spread over lines has no keyword on
    /// its body lines, so a BEGIN line that ends with its header starts a block: every
    /// following line up to the END line (or the last line, if output was truncated) becomes
    /// `[REDACTED:private-key]`, and the block counts once.
    public func redact(lines: [String]) -> (lines: [String], count: Int) {
        var count = 0
        var inKey = false
        var blockCounted = false
        let marker = String(decoding: RedactionMarker.bytes(for: PEMLines.ruleName), as: UTF8.self)
        let output = lines.map { line -> String in
            if inKey {
                if PEMLines.isEnd(line) {
                    inKey = false
                } else if line.allSatisfy(\.isWhitespace) || line == marker {
                    return line
                } else {
                    if !blockCounted { count += 1 }
                    blockCounted = true
                    return marker
                }
            }
            let redacted = redact(line)
            count += redacted.count
            if PEMLines.endsWithBegin(line) {
                inKey = true
                blockCounted = false
            }
            return redacted.text
        }
        return (output, count)
    }
}
