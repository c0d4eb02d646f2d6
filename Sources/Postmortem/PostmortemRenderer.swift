import AftermathCore
import Archive
import Foundation
import PostmortemFormat

/// A freshly rendered postmortem: its front matter values and its whole text.
public struct RenderedPostmortem: Sendable, Equatable {
    /// The front matter values.
    public var frontMatter: FrontMatter
    /// Front matter block, a blank line, then the body.
    public var text: String
}

/// Renders facts into a postmortem: front matter written here (so it is always valid YAML),
/// the body from the template.
public struct PostmortemRenderer: Sendable {
    /// The body template.
    public let template: PostmortemTemplate

    /// A renderer over `template`.
    public init(template: PostmortemTemplate) {
        self.template = template
    }

    /// The whole document for `facts`.
    public func render(_ facts: PostmortemFacts) -> RenderedPostmortem {
        let impact = ImpactFigures(facts)
        let frontMatter = Self.frontMatter(facts, impact: impact)
        let body = template.render(PostmortemContext.make(facts, impact: impact))
        return RenderedPostmortem(frontMatter: frontMatter, text: frontMatter.rendered() + "\n" + body)
    }

    /// Front matter values for `facts` (a new file starts as `draft` with no owner).
    static func frontMatter(_ facts: PostmortemFacts, impact: ImpactFigures) -> FrontMatter {
        let incident = facts.incident
        return FrontMatter(
            id: incident.id, title: incident.title, status: .draft, severity: incident.severity.rawValue,
            services: incident.services, started: Timestamp.format(impact.firstSymptom),
            detected: Timestamp.format(impact.detected), acknowledged: impact.acknowledged.map(Timestamp.format) ?? "",
            resolved: impact.resolved.map(Timestamp.format) ?? "", duration: impact.duration.map(DurationText.format) ?? "")
    }
}
