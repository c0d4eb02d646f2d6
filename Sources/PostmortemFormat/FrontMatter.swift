/// The YAML front matter of a postmortem: what the generator writes and the site reads.
///
/// Keys: `id`, `title`, `status` (`draft` | `in-review` | `final`, aliases in `PostmortemStatus`),
/// `severity`, `services`, `started` (first symptom), `detected` (the alert / incident start),
/// `acknowledged`, `resolved` (RFC 3339 UTC or empty), `duration` (`1h12m`, first symptom → resolved;
/// empty while open), `owner`. The generator refreshes `machineKeys` on every run and keeps `title`,
/// `status`, `owner` and any key a person added exactly as they are. An empty value is nil here and
/// `""` in the file.
public struct FrontMatter: Sendable, Equatable {
    /// Keys the generator rewrites when it refreshes a file.
    public static let machineKeys = ["severity", "services", "started", "detected", "acknowledged", "resolved", "duration"]
    /// Keys in the order a new file has them.
    public static let keyOrder = ["id", "title", "status", "severity", "services", "started", "detected", "acknowledged", "resolved", "duration", "owner"]
    /// Keys whose values are RFC 3339 times or empty.
    public static let timeKeys = ["started", "detected", "acknowledged", "resolved"]

    /// The incident id this postmortem belongs to.
    public var id: String
    /// The postmortem title (people edit it; the site shows it instead of the incident title).
    public var title: String?
    /// Where the postmortem is in review; a file without one is a draft.
    public var status: PostmortemStatus?
    /// The incident severity, as written.
    public var severity: String?
    /// The services involved (a YAML list, or a comma-separated string when read).
    public var services: [String]
    /// First symptom, the alert, the acknowledgement and the resolution: timestamps as written.
    public var started: String?
    public var detected: String?
    public var acknowledged: String?
    public var resolved: String?
    /// First symptom → resolved (`1h12m`), as written.
    public var duration: String?
    /// Who drives the postmortem.
    public var owner: String?

    /// A front matter; every value but the id may be left out.
    public init(
        id: String, title: String? = nil, status: PostmortemStatus? = nil, severity: String? = nil, services: [String] = [],
        started: String? = nil, detected: String? = nil, acknowledged: String? = nil, resolved: String? = nil,
        duration: String? = nil, owner: String? = nil
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

    /// The YAML line for `key` (without a line break); a missing value is written `""`, a missing status `draft`.
    public func line(_ key: String) -> String {
        let value: String
        switch key {
        case "id": value = YAMLQuoting.quoted(id)
        case "title": value = YAMLQuoting.quoted(title ?? "")
        case "status": value = (status ?? .draft).rawValue
        case "severity": value = YAMLQuoting.quoted(severity ?? "")
        case "services": value = YAMLQuoting.list(services)
        case "started": value = YAMLQuoting.quoted(started ?? "")
        case "detected": value = YAMLQuoting.quoted(detected ?? "")
        case "acknowledged": value = YAMLQuoting.quoted(acknowledged ?? "")
        case "resolved": value = YAMLQuoting.quoted(resolved ?? "")
        case "duration": value = YAMLQuoting.quoted(duration ?? "")
        default: value = YAMLQuoting.quoted(owner ?? "")
        }
        return "\(key): \(value)"
    }

    /// The whole block, fences included, ending in a line break.
    public func rendered() -> String {
        "---\n" + Self.keyOrder.map { line($0) + "\n" }.joined() + "---\n"
    }
}

/// Why a file has no usable front matter block.
public enum FrontMatterError: Error, Equatable, CustomStringConvertible {
    case missing
    case unterminated

    public var description: String {
        switch self {
        case .missing: return "the file does not start with a `---` front matter block"
        case .unterminated: return "the front matter block has no closing `---` line"
        }
    }
}
