/// One piece of a compiled template. Not `indirect`: a section's children are an array already, and
/// payloads stored inline are read during rendering without unboxing (and retaining) each node.
enum TemplateNode: Sendable {
    /// Literal text, as the UTF-8 bytes it appends.
    case text([UInt8])
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{& name}}` (raw).
    case variable(TemplatePath, escaped: Bool)
    /// `{{#name}}…{{/name}}`, or inverted `{{^name}}…{{/name}}`.
    case section(TemplatePath, inverted: Bool, children: [TemplateNode])
    /// `{{>name}}`.
    case partial(String)
}

/// A dotted name with an optional transform: `a.b`, `.`, `empty(items)`. What rendering asks of
/// it (the first key, whether it is `.`, which transform) is worked out once, when parsed. A class,
/// so a node holding it is read during rendering with one reference count, not one per field.
final class TemplatePath: Sendable, Equatable {
    /// The transforms a path may apply to the value it names.
    enum Transform: Sendable, Equatable {
        /// `empty(x)`: whether a list or string is empty.
        case empty
        /// `count(x)`: a list's length.
        case count
        /// Any other name: the path names nothing.
        case unknown
    }

    let segments: [String]
    let transform: String?
    /// The path is `.`, the current item.
    let isDot: Bool
    /// The first segment, looked up climbing the context stack ("" when there is none).
    let head: String
    /// The segments after the first, looked up in turn in the dictionaries found.
    let tail: [String]
    /// `transform`, parsed.
    let transformKind: Transform?

    init(_ text: Substring) {
        var name = String(text)
        var transform: String?
        if let open = name.firstIndex(of: "("), name.hasSuffix(")") {
            transform = String(name[..<open])
            name = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
        }
        self.transform = transform
        segments = name == "." ? ["."] : name.split(separator: ".").map(String.init)
        isDot = segments.first == "."
        head = segments.first ?? ""
        tail = Array(segments.dropFirst())
        transformKind = transform.map { $0 == "empty" ? .empty : $0 == "count" ? .count : .unknown }
    }

    static func == (a: TemplatePath, b: TemplatePath) -> Bool {
        a.segments == b.segments && a.transform == b.transform
    }
}
