/// The result of redacting a text: the text to store and what was replaced.
public struct Redacted: Sendable, Equatable {
    /// The text with every secret replaced.
    public var text: String
    /// How many secrets were replaced.
    public var count: Int
    /// How many secrets each rule replaced, by rule name; rules that replaced none are absent.
    public var rules: [String: Int]

    /// A result; `count` is normally the sum of `rules`.
    public init(text: String, count: Int, rules: [String: Int]) {
        self.text = text
        self.count = count
        self.rules = rules
    }
}
