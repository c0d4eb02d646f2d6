/// Why an ssh command line was refused (before any process starts).
public enum SSHInvocationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `local` runs without ssh.
    case localHost
    /// A non-local host has no `ssh` settings.
    case missingSSHSettings(host: String)
    /// A field that would reach ssh's command line is unsafe: starts with `-`, is empty, or holds
    /// whitespace, control or other disallowed characters.
    case unsafeValue(host: String, field: String, value: String, reason: String)
    /// `ssh.port` outside 1…65535.
    case invalidPort(host: String, port: Int)
    /// Nothing to run.
    case emptyCommand(host: String)

    /// The message a failed evidence item records.
    public var description: String {
        switch self {
        case .localHost:
            "host 'local' runs commands directly, not over ssh"
        case .missingSSHSettings(let host):
            "host '\(host)' has no ssh settings (hosts[].ssh is required for hosts other than local)"
        case .unsafeValue(let host, let field, let value, let reason):
            "host '\(host)': refusing \(field) \(value.debugDescription): \(reason)"
        case .invalidPort(let host, let port):
            "host '\(host)': ssh port \(port) is not in 1…65535"
        case .emptyCommand(let host):
            "host '\(host)': empty remote command"
        }
    }
}
