import AftermathCore
import Foundation

/// `{{labels.NAME}}` substitution in a configured query or URL, with the incident's label value
/// escaped for where it lands, so a label can never change the query's structure.
struct QueryTemplate: Sendable, Equatable {
    /// How a substituted label value is escaped.
    enum Escaping: Sendable {
        /// Inside a PromQL or LogQL double-quoted string (Go string syntax): `\`, `"`, control characters.
        case doubleQuotedString
        /// Percent-encoded: everything but RFC 3986 unreserved characters.
        case urlComponent
    }

    /// A `{{labels.NAME}}` whose label the incident does not carry.
    struct MissingLabel: Error, Equatable, CustomStringConvertible {
        var label: String
        var template: String
        var description: String { "label '\(label)' is not set on this incident (needed by '\(template)')" }
    }

    var text: String

    init(_ text: String) {
        self.text = text
    }

    /// The template with every `{{labels.NAME}}` (spaces inside the braces allowed) replaced by its
    /// escaped value; other text, including other `{{…}}`, is left as it is.
    func render(labels: [String: String], escaping: Escaping) throws(MissingLabel) -> String {
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else {
                rest = rest[open.lowerBound...]
                break
            }
            let inner = afterOpen[..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard inner.hasPrefix("labels."), inner.count > "labels.".count else {
                output += rest[open.lowerBound..<close.upperBound]
                rest = afterOpen[close.upperBound...]
                continue
            }
            let name = String(inner.dropFirst("labels.".count))
            guard let value = labels[name] else { throw MissingLabel(label: name, template: text) }
            output += Self.escape(value, for: escaping)
            rest = afterOpen[close.upperBound...]
        }
        output += rest
        return output
    }

    /// `value` escaped for `escaping`.
    static func escape(_ value: String, for escaping: Escaping) -> String {
        switch escaping {
        case .doubleQuotedString: return DoubleQuoted.escaped(value, escapingDelete: true)  // as Go reads it
        case .urlComponent: return percentEncode(value)
        }
    }

    /// Percent-encodes all but `A–Z a–z 0–9 - . _ ~` (so `+`, `&`, `/`, `?`, `#` cannot slip through).
    static func percentEncode(_ value: String) -> String {
        var out = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }
}
