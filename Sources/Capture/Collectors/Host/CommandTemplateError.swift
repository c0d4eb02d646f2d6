/// A command template that cannot run as written.
public struct CommandTemplateError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The template's name.
    public var name: String
    /// What is wrong with it.
    public var reason: String

    /// `command '<name>': <reason>`.
    public var description: String { "command '\(name)': \(reason)" }
}
