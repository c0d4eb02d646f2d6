import AftermathCore

/// YAML scalars written by hand, so front matter stays readable and every string round-trips.
public enum YAMLQuoting {
    /// A double-quoted YAML string: `\`, `"`, control and invisible format characters (bidi
    /// overrides among them) are escaped; everything else, accents and emoji included, stays as is.
    public static func quoted(_ text: String) -> String {
        let inside = DoubleQuoted.escaped(text) { scalar in
            guard scalar.isInvisible || scalar.value == 0x2028 || scalar.value == 0x2029 || scalar.value == 0x85 else { return nil }
            return scalar.value <= 0xFFFF ? "\\u" + hex(scalar.value, digits: 4) : "\\U" + hex(scalar.value, digits: 8)
        }
        return "\"" + inside + "\""
    }

    /// `["a", "b"]`: a flow sequence of quoted strings on one line.
    public static func list(_ items: [String]) -> String {
        "[" + items.map(quoted).joined(separator: ", ") + "]"
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}

extension Unicode.Scalar {
    /// Bidi controls, zero-width and other format characters (except the joiners emoji need),
    /// C0/C1 controls, unassigned and private-use scalars: never written into a postmortem as is.
    public var isInvisible: Bool {
        switch properties.generalCategory {
        case .control: return true
        case .format: return value != 0x200C && value != 0x200D
        case .unassigned, .surrogate, .privateUse: return true
        default: return false
        }
    }
}
