/// Regular-expression fragments for the forms a secret's punctuation takes once text is embedded
/// in other text: JSON (`\"`, `\n`, and Go's HTML-safe `\u003c`, `\u003e`, `\u0026`), percent
/// encoding (`%3D`, `%22`, `%20`), HTML entities (`&lt;`). The built-in rules are written with
/// these, so `password%3DXy7` and `\u003cpassword\u003eXy7` are found like `password=Xy7`.
enum EncodedForms {
    /// `<`: raw, JSON `\u003c` (`\\u003c` in JSON inside JSON), percent `%3C`, HTML `&lt;`.
    static let lessThan = #"(?:<|\\\\?u003[cC]|%3[cC]|&lt;)"#
    /// `>`: raw, JSON `\u003e`, percent `%3E`, HTML `&gt;`.
    static let greaterThan = #"(?:>|\\\\?u003[eE]|%3[eE]|&gt;)"#
    /// A space or tab, raw or `%20`.
    static let blank = #"(?:[ \t]|%20)"#
    /// A space in a form-encoded or percent-encoded command line as well: `+`, `%20`.
    static let wordBreak = #"(?:[ \t]|%20|\+)"#
    /// A quote: `"`, `'`, JSON `\"` (`\\\"` in JSON inside JSON), percent `%22` / `%27`.
    static let quote = #"(?:\\*+["']|%2[27])"#
    /// `:` or `=`, raw or percent-encoded.
    static let separator = #"(?:[:=]|%3[aAdD])"#
    /// `/`, raw, JSON `\/` or percent `%2F`.
    static let slash = #"(?:\\?/|%2[fF])"#
    /// A line break, raw, JSON-escaped (`\n`) or percent-encoded (`%0A`).
    static let lineBreak = #"(?:[\r\n]|\\[nr]|%0[aAdD])"#

    /// Where a token may start: not glued to a word character (`chars`), or right after an
    /// escape that stands for punctuation (`%3D`, `\u003c`, `\n`), which ends in a letter or digit.
    static func tokenStart(notAfter chars: String) -> String {
        #"(?:(?<![\#(chars)])|(?<=%[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}|\\[nrtbf/"]))"#
    }

    /// Bytes a token-start lookbehind may look back over (`\u003c` is six).
    static let tokenStartLookbehind = 6
}
