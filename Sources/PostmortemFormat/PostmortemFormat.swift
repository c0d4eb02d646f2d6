// PostmortemFormat owns the postmortem Markdown file format, the contract between the generator
// (module Postmortem, which writes and refreshes files) and the site (module Site, which reads them):
// the front matter block (one fence tolerance, one reader, one writer), the document status and its
// aliases (decided here once), the machine-region markers and the evidence citation syntax.
// It must not touch the archive, the file system, templates or HTML: it turns bytes into values and
// values into bytes, nothing more.

/// Where a postmortem is in review. Every reader of a file's `status` goes through
/// `init(normalising:)`, so the generator and the site agree on what is final.
public enum PostmortemStatus: String, Sendable, CaseIterable, Equatable, Codable {
    case draft
    case inReview = "in-review"
    case final

    /// The status `raw` means, case and surrounding spaces aside: `in review`, `in_review`,
    /// `inreview` and `review` are in-review; `done`, `complete`, `completed` and `published` are
    /// final. Nil for anything else.
    public init?(normalising raw: String) {
        switch raw.trimmingCharacters(in: .whitespaces).lowercased() {
        case "draft": self = .draft
        case "in-review", "in review", "in_review", "review", "inreview": self = .inReview
        case "final", "published", "done", "complete", "completed": self = .final
        default: return nil
        }
    }

    /// How pages and reports show it.
    public var label: String {
        switch self {
        case .draft: "draft"
        case .inReview: "in review"
        case .final: "final"
        }
    }

    /// The canonical spellings, in review order, for messages (`draft, in-review, final`).
    public static var canonical: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
