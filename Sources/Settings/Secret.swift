import Foundation

/// Where a secret comes from: a file (trailing newline ignored) or an environment variable.
/// Secrets are never written inline in configuration.
public struct SecretReference: Sendable, Equatable {
    public enum Origin: Sendable, Equatable {
        case file(String)
        case environment(String)
    }

    /// The configuration key it was read from, for error messages.
    public var key: String
    public var origin: Origin

    public init(key: String, origin: Origin) {
        self.key = key
        self.origin = origin
    }

    /// Reads the secret now; an empty secret is an error (it would authenticate everyone).
    public func resolve(environment: [String: String]) throws -> String {
        let value: String
        switch origin {
        case .file(let path):
            do {
                value = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ConfigError.unreadableSecret(key: key, reason: "cannot read \(path): \(error.localizedDescription)")
            }
        case .environment(let name):
            guard let v = environment[name] else {
                throw ConfigError.unreadableSecret(key: key, reason: "environment variable \(name) is not set")
            }
            value = v
        }
        let trimmed = value.trimmingCharacters(in: .newlines)
        guard !trimmed.isEmpty else {
            throw ConfigError.unreadableSecret(key: key, reason: "the secret is empty")
        }
        return trimmed
    }
}
