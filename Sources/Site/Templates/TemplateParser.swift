/// Parses the Mustache subset the site's templates use: variables (escaped, `{{{raw}}}`, `{{& raw}}`),
/// sections, inverted sections, partials, comments, dotted names and transforms like `empty(x)`.
/// Tags alone on their line ("standalone", as the Mustache spec calls them) take their line with them.
enum TemplateParser {
    /// Why a template does not parse.
    struct ParseError: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    enum Tag {
        case variable(TemplatePath, escaped: Bool)
        case open(TemplatePath, inverted: Bool, name: String)
        case close(String)
        case partial(String)
        case ignored
    }

    static func parse(_ source: String) throws(ParseError) -> [TemplateNode] {
        let bytes = Array(source.utf8)
        var stack: [(name: String, path: TemplatePath, inverted: Bool, nodes: [TemplateNode])] = [("", TemplatePath(""), false, [])]
        var text: [UInt8] = []
        var lineClean = true  // nothing but spaces and tabs since the last line break
        var i = 0
        func flushText() {
            if !text.isEmpty { stack[stack.count - 1].nodes.append(.text(text)) }
            text.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            guard bytes[i] == 0x7B, i + 1 < bytes.count, bytes[i + 1] == 0x7B else {
                let b = bytes[i]
                text.append(b)
                if b == 0x0A { lineClean = true } else if b != 0x20, b != 0x09, b != 0x0D { lineClean = false }
                i += 1
                continue
            }
            let triple = i + 2 < bytes.count && bytes[i + 2] == 0x7B
            let contentStart = i + (triple ? 3 : 2)
            let closer: [UInt8] = triple ? [0x7D, 0x7D, 0x7D] : [0x7D, 0x7D]
            guard let contentEnd = FastText.firstOffset(of: closer, in: bytes, from: contentStart) else {
                throw ParseError(description: "unclosed tag at byte \(i)")
            }
            let tagEnd = contentEnd + closer.count
            let tag = try classify(String(decoding: bytes[contentStart..<contentEnd], as: UTF8.self), triple: triple)
            i = tagEnd
            if case .variable = tag {
                lineClean = false
            } else {
                // Standalone: alone on its line; the line (indentation and line break) goes with it.
                var j = tagEnd
                while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                let atLineEnd = j == bytes.count || bytes[j] == 0x0A || (bytes[j] == 0x0D && j + 1 < bytes.count && bytes[j + 1] == 0x0A)
                if lineClean, atLineEnd {
                    while let last = text.last, last == 0x20 || last == 0x09 { text.removeLast() }
                    i = j == bytes.count ? j : (bytes[j] == 0x0D ? j + 2 : j + 1)
                } else {
                    lineClean = false
                }
            }
            flushText()
            switch tag {
            case .variable(let path, let escaped):
                stack[stack.count - 1].nodes.append(.variable(path, escaped: escaped))
            case .open(let path, let inverted, let name):
                stack.append((name, path, inverted, []))
            case .close(let name):
                guard stack.count > 1, let top = stack.last, top.name == name else {
                    throw ParseError(description: "unexpected {{/\(name)}}")
                }
                stack.removeLast()
                stack[stack.count - 1].nodes.append(.section(top.path, inverted: top.inverted, children: top.nodes))
            case .partial(let name):
                stack[stack.count - 1].nodes.append(.partial(name))
            case .ignored:
                break
            }
        }
        flushText()
        guard stack.count == 1 else { throw ParseError(description: "section {{#\(stack[stack.count - 1].name)}} is never closed") }
        return stack[0].nodes
    }

    private static func classify(_ inner: String, triple: Bool) throws(ParseError) -> Tag {
        let trimmed = FastText.trimmed(inner)
        if triple { return .variable(TemplatePath(FastText.trimmed(trimmed)), escaped: false) }
        guard let first = trimmed.first else { throw ParseError(description: "empty tag") }
        let rest = FastText.trimmed(trimmed.dropFirst())
        switch first {
        case "!", "%": return .ignored
        case "#": return .open(TemplatePath(rest), inverted: false, name: String(rest))
        case "^": return .open(TemplatePath(rest), inverted: true, name: String(rest))
        case "/": return .close(String(rest))
        case ">": return .partial(String(rest))
        case "&": return .variable(TemplatePath(rest), escaped: false)
        case "{": return .variable(TemplatePath(FastText.trimmed(rest.hasSuffix("}") ? rest.dropLast() : rest)), escaped: false)
        case "=", "<", "$": throw ParseError(description: "unsupported tag {{\(inner)}}")
        default: return .variable(TemplatePath(trimmed), escaped: true)
        }
    }
}
