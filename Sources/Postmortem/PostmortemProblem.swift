/// One problem `aftermath postmortem check` reports, at a file and line.
public struct PostmortemProblem: Sendable, Equatable, CustomStringConvertible {
    /// The classes of problem.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case frontMatter = "front-matter"
        case missingSection = "missing-section"
        case emptySection = "empty-section"
        case placeholder
        case danglingCitation = "dangling-citation"
        case secret
    }

    /// The file as given (a path).
    public var file: String
    /// 1-based line.
    public var line: Int
    /// What kind it is.
    public var kind: Kind
    /// What is wrong, in one line.
    public var message: String

    /// `archive/postmortems/x.md:12: empty-section: …`, as compilers print.
    public var description: String { "\(file):\(line): \(kind.rawValue): \(message)" }
}
