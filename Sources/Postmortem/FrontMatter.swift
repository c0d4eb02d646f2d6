import Foundation
import Yams

/// The YAML front matter of a postmortem.
///
/// Keys: `id`, `title`, `status` (`draft` | `in-review` | `final`), `severity`, `services`,
/// `started` (first symptom), `detected` (the alert / incident start), `acknowledged`, `resolved`
/// (RFC 3339 UTC or empty), `duration` (`1h12m`, first symptom → resolved; empty while open), `owner`.
/// The generator refreshes `machineKeys` on every run and keeps `title`, `status`, `owner` and any
/// key a person added exactly as they are.
public struct FrontMatter: Sendable, Equatable {
    /// The document statuses a postmortem moves through.
    public static let statuses = ["draft", "in-review", "final"]
    /// Keys the generator rewrites when it refreshes a file.
    public static let machineKeys = ["severity", "services", "started", "detected", "acknowledged", "resolved", "duration"]
    /// Keys in the order a new file has them.
    public static let keyOrder = ["id", "title", "status", "severity", "services", "started", "detected", "acknowledged", "resolved", "duration", "owner"]
    /// Keys whose values are RFC 3339 times or empty.
    public static let timeKeys = ["started", "detected", "acknowledged", "resolved"]

    /// The incident id.
    public var id: String
    /// The title (a person may change it).
    public var title: String
    /// The document status: draft, in-review or final.
    public var status: String
    /// The incident severity.
    public var severity: String
    /// The services involved.
    public var services: [String]
    /// First symptom, RFC 3339 UTC.
    public var started: String
    /// The alert, RFC 3339 UTC.
    public var detected: String
    /// RFC 3339 UTC or empty.
    public var acknowledged: String
    /// RFC 3339 UTC or empty.
    public var resolved: String
    /// First symptom → resolved (`1h12m`), empty while open.
    public var duration: String
    /// Who owns the postmortem; empty until a person names one.
    public var owner: String

    /// Every value; times already formatted (or empty).
    public init(
        id: String, title: String, status: String = "draft", severity: String, services: [String], started: String,
        detected: String, acknowledged: String, resolved: String, duration: String, owner: String = ""
    ) {
        self.id = id
        self.title = title
        self.status = status
        self.severity = severity
        self.services = services
        self.started = started
        self.detected = detected
        self.acknowledged = acknowledged
        self.resolved = resolved
        self.duration = duration
        self.owner = owner
    }

    /// The YAML line for `key` (without a line break).
    func line(_ key: String) -> String {
        let value: String
        switch key {
        case "id": value = YAMLQuoting.quoted(id)
        case "title": value = YAMLQuoting.quoted(title)
        case "status": value = Self.statuses.contains(status) ? status : YAMLQuoting.quoted(status)
        case "severity": value = YAMLQuoting.quoted(severity)
        case "services": value = YAMLQuoting.list(services)
        case "started": value = YAMLQuoting.quoted(started)
        case "detected": value = YAMLQuoting.quoted(detected)
        case "acknowledged": value = YAMLQuoting.quoted(acknowledged)
        case "resolved": value = YAMLQuoting.quoted(resolved)
        case "duration": value = YAMLQuoting.quoted(duration)
        default: value = YAMLQuoting.quoted(owner)
        }
        return "\(key): \(value)"
    }

    /// The whole block, fences included, ending in a line break.
    public func rendered() -> String {
        "---\n" + Self.keyOrder.map { line($0) + "\n" }.joined() + "---\n"
    }

    /// Parses front matter text (between the fences) as a YAML mapping.
    public static func parse(_ yaml: String) throws -> [String: Any] {
        guard !yaml.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [:] }
        let loaded = try Yams.load(yaml: yaml)
        guard let mapping = loaded as? [String: Any] else { throw FrontMatterError.notAMapping }
        return mapping
    }
}

/// Why front matter could not be read.
public enum FrontMatterError: Error, Equatable, CustomStringConvertible {
    case missing
    case unterminated
    case notAMapping

    public var description: String {
        switch self {
        case .missing: return "the file does not start with a `---` front matter block"
        case .unterminated: return "the front matter block has no closing `---` line"
        case .notAMapping: return "the front matter is not a YAML mapping of keys to values"
        }
    }
}
