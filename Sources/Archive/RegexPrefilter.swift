import LineRegex

/// The full-text query that narrows a regex search without losing a match: only the tokens of a
/// pattern's required literals whose boundaries are certain. FTS5's default tokenizer (unicode61)
/// splits at every ASCII character that is not a letter or digit and folds ASCII case, so
///   - a run of ASCII letters and digits with a separator (or the line's edge) on both sides is a
///     whole token: `"v1"` for `/v1/`;
///   - with a separator only before it, it begins a token: `"4"*` for `=4`;
///   - otherwise (`status` in `status=4…`: it may end a longer token) it says nothing.
/// Non-ASCII characters count as neither letters nor separators: they make a boundary uncertain.
/// Prefixes are used only when no whole token is certain, and only from 3 characters on: FTS5
/// merges the lists of every token a prefix starts (`"4"*` is every number and hex id beginning
/// with 4), which costs more than the lines it saves.
enum RegexPrefilter {
    static let minimumPrefix = 3

    /// `"v1" AND "devices"`, or `"deadlock"*`, or nil when no token is certain (every line is scanned).
    static func ftsQuery(_ literals: [RequiredLiteral]) -> String? {
        var terms: [String] = []
        for literal in literals {
            for term in tokens(literal) where !terms.contains(term) { terms.append(term) }
        }
        let whole = terms.filter { !$0.hasSuffix("*") }
        let prefixes = terms.filter { $0.hasSuffix("*") && $0.count >= minimumPrefix + 3 }  // the quotes and the star
        let chosen = whole.isEmpty ? prefixes : whole
        return chosen.isEmpty ? nil : chosen.joined(separator: " AND ")
    }

    /// The certain tokens of one literal, as FTS5 terms.
    static func tokens(_ literal: RequiredLiteral) -> [String] {
        let scalars = Array(literal.text.unicodeScalars)
        var terms: [String] = []
        var i = 0
        while i < scalars.count {
            guard isTokenCharacter(scalars[i]) else { i += 1; continue }
            var j = i
            var token = ""
            while j < scalars.count, isTokenCharacter(scalars[j]) {
                token.unicodeScalars.append(scalars[j])
                j += 1
            }
            let startsToken = i == 0 ? literal.atLineStart : isSeparator(scalars[i - 1])
            let endsToken = j == scalars.count ? literal.atLineEnd : isSeparator(scalars[j])
            if startsToken { terms.append("\"\(token.lowercased())\"" + (endsToken ? "" : "*")) }
            i = j
        }
        return terms
    }

    private static func isTokenCharacter(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (("0"..."9").contains(c) || ("a"..."z").contains(c) || ("A"..."Z").contains(c))
    }

    private static func isSeparator(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && !isTokenCharacter(c)
    }
}
