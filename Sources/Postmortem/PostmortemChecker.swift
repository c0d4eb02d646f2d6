import AftermathCore
import Foundation
import PostmortemFormat
import Redaction

/// The checks `aftermath postmortem check` runs on one file: front matter, required sections,
/// leftover template placeholders, citations of evidence the archive does not hold, and secrets
/// (the capture's redaction rules). Each problem names its line.
public struct PostmortemChecker: Sendable {
    /// A section that must hold something a person wrote.
    public struct RequiredSection: Sendable, Equatable {
        /// The heading text.
        public var title: String
        /// Whether generated rows count (the timeline is complete with them alone).
        public var generatedContentCounts: Bool

        /// A required section.
        public init(_ title: String, generatedContentCounts: Bool = false) {
            self.title = title
            self.generatedContentCounts = generatedContentCounts
        }
    }

    /// Summary, Impact, Timeline, Contributing factors, Action items.
    public static let defaultRequiredSections = [
        RequiredSection("Summary"), RequiredSection("Impact"), RequiredSection("Timeline", generatedContentCounts: true),
        RequiredSection("Contributing factors"), RequiredSection("Action items"),
    ]

    let redactor: Redactor
    let requiredSections: [RequiredSection]

    /// A checker finding secrets with `redactor`'s rules.
    public init(redactor: Redactor, requiredSections: [RequiredSection] = PostmortemChecker.defaultRequiredSections) {
        self.redactor = redactor
        self.requiredSections = requiredSections
    }

    /// Evidence ids cited anywhere in `bytes` (`aftermath:evidence/<id>`).
    public static func citedEvidence(in bytes: [UInt8]) -> Set<String> {
        let lines = ByteLines(bytes)
        return Set(lines.lines.indices.flatMap { EvidenceCitation.citedTexts(in: lines.text($0)) })
    }

    /// Checks one file. `file` names it in messages; `existingEvidence` holds the cited ids the
    /// archive has; `expectedID` is the incident the file belongs to, when known.
    public func check(_ bytes: [UInt8], file: String, existingEvidence: Set<String>, expectedID: String?) -> [PostmortemProblem] {
        var problems: [PostmortemProblem] = []
        func report(_ index: Int, _ kind: PostmortemProblem.Kind, _ message: String) {
            problems.append(PostmortemProblem(file: file, line: index + 1, kind: kind, message: message))
        }
        let lines = ByteLines(bytes)
        var bodyStart = 0
        do {
            let document = try PostmortemDocument(bytes)
            bodyStart = document.bodyFirstLine
            checkFrontMatter(document, expectedID: expectedID, report: report)
        } catch {
            report(0, .frontMatter, error.description)
        }

        let outline = MarkdownOutline(lines, from: bodyStart)
        checkSections(outline, bodyStart: bodyStart, report: report)
        for line in outline.lines where !line.inFence && line.region == nil {
            for placeholder in Self.placeholders(in: line.visible) {
                report(line.index, .placeholder, "leftover template placeholder \(placeholder)")
            }
        }
        for index in lines.lines.indices {
            for id in EvidenceCitation.citedTexts(in: lines.text(index)) where !existingEvidence.contains(id) {
                report(index, .danglingCitation, "cites \(id), which is not in the archive")
            }
        }
        checkSecrets(lines, report: report)
        return problems.sorted { $0.line == $1.line ? $0.kind.rawValue < $1.kind.rawValue : $0.line < $1.line }
    }

    // MARK: Front matter

    private func checkFrontMatter(_ document: PostmortemDocument, expectedID: String?, report: (Int, PostmortemProblem.Kind, String) -> Void) {
        let fields: FrontMatter.Fields
        do {
            fields = try document.fields()
        } catch {
            report(0, .frontMatter, "the " + MarkdownText.plain(error.reason))
            return
        }
        var keyLine: [String: Int] = [:]
        for block in document.keyBlocks() { keyLine[block.key] = document.lines.lineIndex(containing: block.range.lowerBound) }
        let closing = document.frontMatterEnd
        func line(_ key: String) -> Int { keyLine[key] ?? closing }

        for key in ["id", "title", "status"] where !fields.has(key) {
            report(closing, .frontMatter, "missing key `\(key)`")
        }
        if let id = fields.text("id"), let expectedID, id != expectedID {
            report(line("id"), .frontMatter, "id '\(id)' is not the incident this file belongs to (\(expectedID))")
        }
        if fields.has("title"), fields.text("title") == nil {
            report(line("title"), .frontMatter, "title is empty")
        }
        let status = fields.status
        if let status, status.meaning == nil {
            report(line("status"), .frontMatter, "status '\(status.text)' is not one of \(PostmortemStatus.canonical)")
        }
        if fields.has("services"), !fields.isListOfText("services") {
            report(line("services"), .frontMatter, "services must be a list of names")
        }
        for key in FrontMatter.timeKeys {
            guard let text = fields.text(key) else { continue }
            let hint = "(write RFC 3339 UTC, e.g. 2026-11-27T11:42:14Z, or leave it empty)"
            do {
                if try Timestamp.parse(text) == nil { report(line(key), .frontMatter, "\(key): '\(text)' is a zero time \(hint)") }
            } catch {
                report(line(key), .frontMatter, "\(key): \(error.description) \(hint)")
            }
        }
        if let duration = fields.text("duration") {
            do {
                _ = try DurationText.parse(duration)
            } catch {
                report(line("duration"), .frontMatter, "duration: \(error.description)")
            }
        }
        if status?.meaning == .final, fields.text("owner") == nil {
            report(line("owner"), .frontMatter, "status is final but no owner is named")
        }
    }

    // MARK: Sections

    private func checkSections(_ outline: MarkdownOutline, bodyStart: Int, report: (Int, PostmortemProblem.Kind, String) -> Void) {
        let sections = outline.sections
        for required in requiredSections {
            guard let section = sections.first(where: { Self.sameTitle($0.title, required.title) }) else {
                report(bodyStart, .missingSection, "required section '\(required.title)' is missing")
                continue
            }
            let body = section.lines
            let hasContent = body.indices.contains { i in
                MarkdownOutline.isContent(body[i], next: i + 1 < body.count ? body[i + 1] : nil, countRegions: required.generatedContentCounts)
            }
            if !hasContent {
                report(section.headingIndex, .emptySection, "section '\(section.title)' is still empty (only the template's prompt)")
            }
        }
    }

    static func sameTitle(_ a: String, _ b: String) -> Bool {
        func normal(_ s: String) -> String {
            var t = s.trimmingCharacters(in: .whitespaces).lowercased()
            while t.hasSuffix(":") { t.removeLast() }
            return t
        }
        return normal(a) == normal(b)
    }

    // MARK: Placeholders, citations, secrets

    /// `{{…}}` Mustache tags and `[[…]]` template placeholders in `text`.
    static func placeholders(in text: String) -> [String] {
        var found: [String] = []
        for (open, close) in [("{{", "}}"), ("[[", "]]")] {
            var rest = Substring(text)
            while let start = rest.range(of: open), let end = rest[start.upperBound...].range(of: close) {
                found.append(String(rest[start.lowerBound..<end.upperBound]))
                rest = rest[end.upperBound...]
            }
        }
        return found
    }

    private func checkSecrets(_ lines: ByteLines, report: (Int, PostmortemProblem.Kind, String) -> Void) {
        let texts = lines.lines.indices.map { lines.text($0) }
        let redacted = redactor.redact(lines: texts)
        for (index, (before, after)) in zip(texts, redacted.lines).enumerated() where before != after {
            let rules = redactor.redact(before).rules.keys.sorted()
            let names = rules.isEmpty ? "private-key" : rules.joined(separator: ", ")
            report(index, .secret, "looks like a secret (redaction rule \(names)); remove it or replace it with [REDACTED]")
        }
    }
}
