/// One piece of a compiled template.
indirect enum TemplateNode: Sendable {
    /// Literal text.
    case text(String)
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{& name}}` (raw).
    case variable(TemplatePath, escaped: Bool)
    /// `{{#name}}…{{/name}}`, or inverted `{{^name}}…{{/name}}`.
    case section(TemplatePath, inverted: Bool, children: [TemplateNode])
    /// `{{>name}}`.
    case partial(String)
}

/// A dotted name with an optional transform: `a.b`, `.`, `empty(items)`.
struct TemplatePath: Sendable, Equatable {
    var segments: [String]
    var transform: String?
    /// The path is `.`, the current item.
    var isDot: Bool { segments.first == "." }

    init(_ text: Substring) {
        var name = String(text)
        if let open = name.firstIndex(of: "("), name.hasSuffix(")") {
            transform = String(name[..<open])
            name = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
        }
        segments = name == "." ? ["."] : name.split(separator: ".").map(String.init)
    }
}
