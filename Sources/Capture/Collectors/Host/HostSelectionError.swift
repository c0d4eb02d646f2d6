/// Why a host value was refused; decided before any process starts.
public enum HostSelectionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The value starts with `-` (it could be read as a command-line option, e.g. `-oProxyCommand=…`).
    case optionLike(value: String, source: String)
    /// No allow-listed host has this exact name or alias.
    case notAllowListed(value: String, source: String)
    /// `host_label` is set but neither the incident nor any alert carries that label.
    case labelMissing(label: String)

    /// The message the refused job records (a hostile label value is cut at 200 characters).
    public var description: String {
        switch self {
        case .optionLike(let value, let source):
            "host \(Self.shown(value)) (from \(source)) refused: it starts with '-'"
        case .notAllowListed(let value, let source):
            "host \(Self.shown(value)) (from \(source)) refused: not in the hosts allow-list"
        case .labelMissing(let label):
            "no host: neither the incident nor its alerts carry the label '\(label)' (host_label)"
        }
    }

    static func shown(_ value: String) -> String {
        value.count <= 200 ? value.debugDescription : String(value.prefix(200)).debugDescription + "… (\(value.utf8.count) bytes)"
    }
}
