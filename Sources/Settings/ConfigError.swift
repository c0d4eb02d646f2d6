/// A configuration problem, naming the key and why.
public enum ConfigError: Error, Equatable, CustomStringConvertible {
    case unreadableFile(path: String, reason: String)
    case syntax(path: String, reason: String)
    case unknownKey(path: String, known: [String])
    case invalidValue(path: String, reason: String)
    case unreadableSecret(key: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "cannot read configuration file \(path): \(reason)"
        case .syntax(let path, let reason):
            return "configuration file \(path): \(reason)"
        case .unknownKey(let path, let known):
            return "configuration key '\(path)' is not known (known here: \(known.joined(separator: ", ")))"
        case .invalidValue(let path, let reason):
            return "configuration key '\(path)': \(reason)"
        case .unreadableSecret(let key, let reason):
            return "secret for '\(key)': \(reason)"
        }
    }
}
