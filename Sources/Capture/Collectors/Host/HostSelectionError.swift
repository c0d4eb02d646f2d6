/// Why a host value was refused; decided before any process starts.
public enum HostSelectionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The value starts with `-` (it could be read as a command-line option, e.g. `-oProxyCommand=…`).
    case optionLike(value: String, source: String)
    /// No allow-listed host has this exact name or alias.
    case notAllowListed(value: String, source: String)
    /// `host_label` is set but neither the incident nor any alert carries that label.
    case labelMissing(label: String)

    /// The message the refused job records.
    public var description: String {
        switch self {
        case .optionLike(let value, let source):
            "host \(value.debugDescription) (from \(source)) refused: it starts with '-'"
        case .notAllowListed(let value, let source):
            "host \(value.debugDescription) (from \(source)) refused: not in the hosts allow-list"
        case .labelMissing(let label):
            "no host: neither the incident nor its alerts carry the label '\(label)' (host_label)"
        }
    }
}
