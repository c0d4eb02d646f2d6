import Foundation
import Mustache
import Settings

/// Why the postmortem template cannot be used.
public enum PostmortemTemplateError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "postmortem template \(path): cannot read it: \(reason)"
        case .invalid(let path, let reason): return "postmortem template \(path): not a valid Mustache template: \(reason)"
        }
    }
}

/// The Mustache template a postmortem body is rendered from.
///
/// Values reach it already escaped for Markdown, so the template renders as plain text: Mustache's
/// HTML escaping would turn `<` into `&lt;` inside Markdown.
public struct PostmortemTemplate: Sendable {
    /// Where the template came from (a path, or `built-in`).
    public let origin: String
    let template: MustacheTemplate

    /// Parses `text`; `origin` names it in errors.
    public init(text: String, origin: String) throws(PostmortemTemplateError) {
        self.origin = origin
        do {
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT }}" + text)
        } catch {
            throw .invalid(path: origin, reason: "\(error)")
        }
    }

    /// The text of the built-in copy of `templates/postmortem.md`.
    public static var builtInText: String { DefaultPostmortemTemplate.text }

    /// The built-in copy of `templates/postmortem.md`.
    public static func builtIn() throws(PostmortemTemplateError) -> PostmortemTemplate {
        try PostmortemTemplate(text: DefaultPostmortemTemplate.text, origin: "built-in")
    }

    /// The template `config` names: `postmortem.template` (which must exist), else
    /// `<templates>/postmortem.md`, else the built-in copy.
    public static func load(_ config: AftermathConfig) throws(PostmortemTemplateError) -> PostmortemTemplate {
        guard let path = config.postmortemTemplatePath else { return try builtIn() }
        let configured = config.postmortem.template != nil
        guard configured || FileManager.default.fileExists(atPath: path) else { return try builtIn() }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        return try PostmortemTemplate(text: text, origin: path)
    }

    /// Renders the body for `context`: no leading blank lines, ending in exactly one line break.
    func render(_ context: [String: Any]) -> String {
        var text = Substring(template.render(context))
        while text.first == "\n" { text = text.dropFirst() }
        while text.hasSuffix("\n\n") { text.removeLast() }
        return text.hasSuffix("\n") ? String(text) : text + "\n"
    }
}
