import CCmark
import Foundation

/// Postmortem Markdown → HTML through libcmark in safe mode (raw HTML omitted, `javascript:` and
/// friends emptied by cmark itself), with GitHub-style tables and task lists added to its syntax
/// tree (`MarkdownTables`, `TaskListItems`) and the site's link rules applied to the tree:
///
/// - `aftermath:evidence/<id>` citations point at the evidence page when the item exists;
/// - other links survive only when they are absolute http(s) URLs (they get `rel="noopener noreferrer"`);
///   anything else keeps its text and loses the link;
/// - images never load from elsewhere: an http(s) image becomes a link to it, any other image
///   (except inline `data:image/…`) becomes its alt text.
public struct MarkdownRenderer: Sendable {
    /// The result of rendering one document.
    public struct Output: Sendable, Equatable {
        /// Safe HTML for the page body.
        public var html: String
        /// Evidence ids cited by the document that the archive does not hold (rendered as plain text).
        public var danglingCitations: [String]
    }

    /// Relative URL of an evidence page, from the page the HTML is embedded in (nil: not in the archive).
    public let evidenceURL: @Sendable (String) -> String?
    /// Relative URL of another incident's page for `aftermath:incident/<id>` links (nil: the link keeps only its text).
    public var incidentURL: (@Sendable (String) -> String?)?

    /// Whether table cells that start with a timestamp show it as the site's `<time>` (on by default).
    public var timeCells: Bool

    /// A renderer whose citations resolve through `evidenceURL`.
    public init(timeCells: Bool = true, evidenceURL: @escaping @Sendable (String) -> String?) {
        self.timeCells = timeCells
        self.evidenceURL = evidenceURL
    }

    /// cmark's options: safe by default (0.30 omits raw HTML unless `CMARK_OPT_UNSAFE`), UTF-8 validated.
    static let options = CmarkNodes.options

    /// Renders `markdown` (a body without front matter) to HTML.
    public func render(_ markdown: String) -> Output {
        let utf8 = Array(MachineRegions.strip(markdown).utf8)
        if utf8.isEmpty { return Output(html: "", danglingCitations: []) }
        guard let document = CmarkNodes.parse(utf8) else { return Output(html: "", danglingCitations: []) }
        defer { cmark_node_free(document) }
        // Tables and task lists first: the link rules then cover what they built.
        let lines = SourceLines(utf8)
        MarkdownTables(timeCells: timeCells).apply(to: document, lines: lines)
        TaskListItems.apply(to: document, lines: lines)
        let dangling = rewriteLinks(in: document)
        guard let rendered = cmark_render_html(document, Self.options) else {
            return Output(html: "", danglingCitations: dangling)
        }
        defer { free(rendered) }
        let html = Self.markExternalLinks(String(cString: rendered))
        return Output(html: html, danglingCitations: dangling)
    }

    /// Applies the link and image rules; returns cited evidence ids that do not exist.
    private func rewriteLinks(in document: OpaquePointer) -> [String] {
        let links = CmarkNodes.all(CMARK_NODE_LINK, under: document)
        let images = CmarkNodes.all(CMARK_NODE_IMAGE, under: document)

        var dangling: [String] = []
        for link in links {
            let url = cmark_node_get_url(link).map { String(cString: $0) } ?? ""
            if let id = LinkPolicy.citedEvidence(url) {
                if let target = evidenceURL(id) {
                    cmark_node_set_url(link, target + (LinkPolicy.citedEvidenceLine(url).map { "#L\($0)" } ?? ""))
                    cmark_node_set_title(link, "evidence \(id)")
                } else {
                    dangling.append(id)
                    CmarkNodes.unwrap(link)
                }
            } else if let target = LinkPolicy.citedIncident(url).flatMap({ incidentURL?($0) }) {
                cmark_node_set_url(link, target)
            } else if LinkPolicy.externalURL(url) == nil {
                CmarkNodes.unwrap(link)
            }
        }
        for image in images {
            let url = cmark_node_get_url(image).map { String(cString: $0) } ?? ""
            if Self.isInlineImage(url) { continue }
            if let external = LinkPolicy.externalURL(url), let link = cmark_node_new(CMARK_NODE_LINK) {
                cmark_node_set_url(link, external)
                if let label = cmark_node_new(CMARK_NODE_TEXT) {
                    cmark_node_set_literal(label, "image: ")
                    cmark_node_append_child(link, label)
                }
                CmarkNodes.moveChildren(of: image, into: link)
                cmark_node_insert_before(image, link)
                CmarkNodes.remove(image)
            } else {
                CmarkNodes.unwrap(image)
            }
        }
        return dangling
    }

    /// `data:image/png|gif|jpeg|webp` — shown inline, never fetched from anywhere.
    static func isInlineImage(_ url: String) -> Bool {
        let lower = url.lowercased()
        return ["data:image/png;", "data:image/gif;", "data:image/jpeg;", "data:image/webp;"].contains { lower.hasPrefix($0) }
    }

    /// Adds `rel="noopener noreferrer"` to external links. Only link nodes produce `<a href="`
    /// (raw HTML is omitted and text is escaped), so a plain replacement is exact.
    static func markExternalLinks(_ html: String) -> String {
        FastText.replacing(html, "<a href=\"http", with: "<a rel=\"noopener noreferrer\" href=\"http")
    }
}
