import Foundation
import Yams

/// Where a postmortem is in review.
public enum PostmortemStatus: String, Sendable, CaseIterable, Equatable {
    case draft
    case inReview = "in-review"
    case final

    /// Accepts `in-review`, `in review`, `in_review` and `review` as well.
    public init?(normalising raw: String) {
        switch raw.trimmingCharacters(in: .whitespaces).lowercased() {
        case "draft": self = .draft
        case "in-review", "in review", "in_review", "review", "inreview": self = .inReview
        case "final", "published", "done": self = .final
        default: return nil
        }
    }

    /// How the site shows it.
    public var label: String {
        switch self {
        case .draft: "draft"
        case .inReview: "in review"
        case .final: "final"
        }
    }
}

/// The YAML front matter of a postmortem file (the contract with the Postmortem stage).
public struct PostmortemFrontMatter: Sendable, Equatable {
    /// The incident id this postmortem belongs to.
    public var id: String
    /// `title`: the postmortem title (people edit it; shown instead of the incident title).
    public var title: String?
    /// `status`: draft, in-review or final.
    public var status: PostmortemStatus?
    /// `severity`, as written.
    public var severity: String?
    /// `services`: a YAML list or a comma-separated string.
    public var services: [String]
    /// `started`, `detected`, `acknowledged`, `resolved`: timestamps as written.
    public var started: String?
    public var detected: String?
    public var acknowledged: String?
    public var resolved: String?
    /// `duration`, as written.
    public var duration: String?
    /// `owner`: who drives the postmortem.
    public var owner: String?

    /// A front matter with only the incident id set.
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

    /// Why a front matter could not be read.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        /// What is wrong, for the build summary.
        public var reason: String
        public var description: String { reason }
    }

    /// Parses the YAML between the `---` lines.
    public static func parse(yaml: String) throws(ParseError) -> PostmortemFrontMatter {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml, .basic)  // values are read as text: no implicit-type regexes
        } catch {
            throw ParseError(reason: "front matter is not valid YAML: \(String(describing: error).prefix(300))")
        }
        guard let mapping = node?.mapping else { throw ParseError(reason: "front matter is not a YAML mapping") }
        func text(_ key: String) -> String? {
            guard let value = mapping[key] else { return nil }
            if let scalar = value.scalar {
                let s = scalar.string.trimmingCharacters(in: .whitespaces)
                return s.isEmpty || s == "~" || s == "null" ? nil : s
            }
            return nil
        }
        guard let id = text("id") else { throw ParseError(reason: "front matter has no `id` (the incident id)") }
        var services: [String] = []
        if let list = mapping["services"]?.sequence {
            services = list.compactMap { $0.scalar?.string.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } else if let single = text("services") {
            services = single.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        var status: PostmortemStatus?
        if let raw = text("status") {
            guard let parsed = PostmortemStatus(normalising: raw) else {
                throw ParseError(reason: "front matter `status: \(raw.prefix(40))` is not draft, in-review or final")
            }
            status = parsed
        }
        return PostmortemFrontMatter(
            id: id, title: text("title"), status: status, severity: text("severity"), services: services,
            started: text("started"), detected: text("detected"), acknowledged: text("acknowledged"),
            resolved: text("resolved"), duration: text("duration"), owner: text("owner"))
    }
}
