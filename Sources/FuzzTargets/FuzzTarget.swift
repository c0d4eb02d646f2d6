import AftermathCore
import Foundation
import Intake
import Postmortem
import Redaction
import Settings
import Site
import PostmortemFormat

/// What `make fuzz` exercises: every reader of bytes Aftermath does not control. Each runs one
/// input through the same code the server and the site run; a Swift error is a fine outcome, a
/// trap or a memory error is a bug (the regression tests replay every input that found one).
public enum FuzzTarget: String, CaseIterable, Sendable {
    case alertmanager, grafana, pagerduty, opsgenie, victorops, statuspage, healthchecks, generic
    /// A payload of any source parsed, stored through the intake transaction and read back.
    case intake
    /// Every redaction entry point: text, bytes, lines, labels.
    case redactor
    /// A postmortem file people edit: front matter, key blocks, machine regions, the merge with a
    /// fresh rendering, and the site's own front-matter and region readers.
    case postmortem
    /// The site's Markdown renderer (libcmark, safe mode, GFM tables).
    case markdown
    /// The configuration loader (YAML → typed configuration).
    case config

    /// Runs one input.
    public func run(_ data: [UInt8]) {
        switch self {
        case .alertmanager, .grafana, .pagerduty, .opsgenie, .victorops, .statuspage, .healthchecks, .generic:
            Self.parse(data, source: WebhookSource(rawValue: rawValue)!)
        case .intake: Self.storeAndReadBack(data)
        case .redactor: Self.redactEverything(data)
        case .postmortem: Self.readPostmortem(data)
        case .markdown: _ = Self.renderer.render(String(decoding: data, as: UTF8.self))
        case .config: _ = try? AftermathConfig.parse(yaml: String(decoding: data, as: UTF8.self))
        }
    }

    static let receivedAt = Date(timeIntervalSince1970: 1_795_000_000)
    static let statuspageSource = SourceConfig(services: ["Database component": "database", "abc123": "api"])
    static let sharedRedactor = try! Redactor()
    static let renderer = MarkdownRenderer(evidenceURL: { "evidence/\($0).html" })

    static func parse(_ data: [UInt8], source: WebhookSource) {
        let request = WebhookRequest(
            source: source, headers: [("X-Webhook-Id", "fuzz"), ("Content-Type", "application/json")], body: data,
            receivedAt: receivedAt)
        let config = source == .statuspage ? statuspageSource : SourceConfig()
        _ = try? PayloadParser.parse(request, source: config, intake: IntakeConfig())
    }

    static func redactEverything(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        _ = sharedRedactor.redact(text)
        _ = sharedRedactor.redact(bytes: data)
        _ = sharedRedactor.redact(lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        if let equals = text.firstIndex(of: "=") {
            _ = sharedRedactor.redact(labels: [String(text[..<equals]): String(text[text.index(after: equals)...])])
        }
    }

    static let freshPostmortem = Array((FrontMatter(
        id: "inc00001", title: "fuzz", severity: "critical", services: ["api"], started: "2026-11-27T11:42:14Z",
        detected: "2026-11-27T11:42:14Z", acknowledged: "", resolved: "", duration: "").rendered() + """
        # fuzz
        <!-- aftermath:begin header -->
        fresh header
        <!-- aftermath:end header -->
        <!-- aftermath:begin timeline -->
        | UTC | event | evidence |
        <!-- aftermath:end timeline -->

        """).utf8)

    static func readPostmortem(_ data: [UInt8]) {
        _ = try? PostmortemReader.inspect(data)
        let frontMatter = FrontMatter(
            id: "inc00001", title: "fuzz", severity: "warning", services: ["db"], started: "2026-11-27T11:42:14Z",
            detected: "2026-11-27T11:42:14Z", acknowledged: "", resolved: "2026-11-27T12:00:00Z", duration: "17m46s")
        _ = PostmortemReader.refresh(existing: data, fresh: freshPostmortem, frontMatter: frontMatter)
        let text = String(decoding: data, as: UTF8.self)
        let split = PostmortemDocument.split(text)
        if let yaml = split.frontMatter { _ = try? FrontMatter.parse(yaml: yaml) }
        _ = MachineRegions.strip(split.body)
    }
}
