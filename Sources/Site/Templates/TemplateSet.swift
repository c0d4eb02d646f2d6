/// The site's templates, compiled once and rendered without reflection: contexts are dictionaries
/// (`[String: Any]`), arrays of them, strings, numbers and booleans. `{{name}}` is HTML-escaped
/// (`& < > " '`), exactly as swift-mustache escapes it; a test renders every template with both
/// engines and compares.
struct TemplateSet: Sendable {
    private var templates: [String: [TemplateNode]] = [:]

    /// Compiles `source` as template `name`.
    mutating func register(_ source: String, named name: String) throws(TemplateParser.ParseError) {
        templates[name] = try TemplateParser.parse(source)
    }

    /// Whether a template of that name exists.
    func has(_ name: String) -> Bool { templates[name] != nil }

    /// Renders template `name` with `context`.
    func render(_ name: String, _ context: [String: Any]) -> String {
        String(decoding: renderBytes(name, context), as: UTF8.self)
    }

    /// Renders template `name` with `context`, as UTF-8.
    func renderBytes(_ name: String, _ context: [String: Any]) -> [UInt8] {
        guard let nodes = templates[name] else { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(32_768)
        var stack: [Frame] = [.map(context)]
        render(nodes, stack: &stack, into: &out, depth: 0)
        return out
    }

    /// One level of the context stack, its dictionary (the usual case) told apart once, when pushed,
    /// rather than cast again at every lookup.
    private enum Frame {
        case map([String: Any])
        /// An item of a `[[String: String]]` list, kept as it is: a cast of the list to
        /// `[[String: Any]]` would copy every dictionary.
        case strings([String: String])
        case value(Any)

        init(_ value: Any) {
            if let map = value as? [String: Any] { self = .map(map) } else { self = .value(value) }
        }

        var value: Any {
            switch self {
            case .map(let map): map
            case .strings(let map): map as [String: Any]
            case .value(let value): value
            }
        }
    }

    private func render(_ nodes: [TemplateNode], stack: inout [Frame], into out: inout [UInt8], depth: Int) {
        for node in nodes {
            switch node {
            case .text(let bytes):
                out.append(contentsOf: bytes)
            case .variable(let path, let escaped):
                guard let value = lookup(path, stack) else { continue }
                let text = Self.text(value)
                if escaped { HTML.escape(text, into: &out) } else { out.append(contentsOf: text.utf8) }
            case .section(let path, let inverted, let children):
                let value = lookup(path, stack)
                if inverted {
                    if !Self.truthy(value) { render(children, stack: &stack, into: &out, depth: depth) }
                    continue
                }
                // A list of string dictionaries by its exact type: cast, it would be copied item by item.
                if let value, type(of: value) == [[String: String]].self {
                    for item in value as! [[String: String]] {
                        stack.append(.strings(item))
                        render(children, stack: &stack, into: &out, depth: depth)
                        stack.removeLast()
                    }
                    continue
                }
                // One cast decides both truthiness and how to iterate (the casts were a tenth of rendering).
                switch value {
                case nil:
                    continue
                case let list as [[String: Any]]:
                    for item in list {
                        stack.append(.map(item))
                        render(children, stack: &stack, into: &out, depth: depth)
                        stack.removeLast()
                    }
                case let list as [String]:
                    for item in list {
                        stack.append(.value(item))
                        render(children, stack: &stack, into: &out, depth: depth)
                        stack.removeLast()
                    }
                case let list as [Any]:
                    for item in list {
                        stack.append(Frame(item))
                        render(children, stack: &stack, into: &out, depth: depth)
                        stack.removeLast()
                    }
                case let bool as Bool:
                    if bool { render(children, stack: &stack, into: &out, depth: depth) }
                case let value?:
                    stack.append(Frame(value))
                    render(children, stack: &stack, into: &out, depth: depth)
                    stack.removeLast()
                }
            case .partial(let name):
                guard depth < 16, let partial = templates[name] else { continue }
                render(partial, stack: &stack, into: &out, depth: depth + 1)
            }
        }
    }

    /// The value a path names: the first segment found climbing the stack, then dictionary steps.
    private func lookup(_ path: TemplatePath, _ stack: [Frame]) -> Any? {
        var value: Any?
        if path.isDot {
            value = stack.last?.value
        } else if !path.segments.isEmpty {
            var i = stack.count
            while i > 0 {
                i -= 1
                if case .map(let dictionary) = stack[i], let found = dictionary[path.head] {
                    value = found
                    break
                }
                if case .strings(let dictionary) = stack[i], let found = dictionary[path.head] {
                    value = found
                    break
                }
            }
            for segment in path.tail {
                value = (value as? [String: Any])?[segment]
            }
        }
        guard let transform = path.transformKind else { return value }
        guard let value else { return nil }
        switch transform {
        case .empty:
            if let count = Self.listCount(value) { return count == 0 }
            if let text = value as? String { return text.isEmpty }
            return nil
        case .count:
            return Self.listCount(value)
        case .unknown:
            return nil
        }
    }

    private static func truthy(_ value: Any?) -> Bool {
        guard let value else { return false }
        if let bool = value as? Bool { return bool }
        if let count = listCount(value) { return count > 0 }
        return true
    }

    /// How many items `value` holds when it is a list. The lists contexts hold are told apart by
    /// their exact type first: a conditional cast to `[Any]` copies the array, boxing every item.
    private static func listCount(_ value: Any) -> Int? {
        let dynamicType = type(of: value)
        if dynamicType == [[String: Any]].self { return (value as! [[String: Any]]).count }
        if dynamicType == [String].self { return (value as! [String]).count }
        if dynamicType == [[String: String]].self { return (value as! [[String: String]]).count }
        return (value as? [Any])?.count
    }

    private static func text(_ value: Any) -> String {
        switch value {
        case let text as String: return text
        case let n as Int: return String(n)
        case let n as Int64: return String(n)
        case let b as Bool: return b ? "true" : "false"
        default: return String(describing: value)
        }
    }
}
