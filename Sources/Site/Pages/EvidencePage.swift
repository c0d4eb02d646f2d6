import AftermathCore
import Archive
import Foundation

/// One evidence item's page: what was asked, of whom, how it went, and the content — a chart for
/// metrics, a log viewer for logs, numbered output for commands, the body for HTTP.
struct EvidencePage {
    let item: EvidenceSummary
    let entry: IncidentEntry?
    let options: SiteOptions

    /// A row of an evidence table (links relative to a page one level down).
    static func itemRow(_ item: EvidenceSummary) -> [String: Any] {
        var row: [String: Any] = [
            "id": item.id, "url": "../" + SitePaths.evidence(item.id), "collector": HTML.visible(item.collector),
            "kind": HTML.visible(item.kind.rawValue), "name": HTML.visible(item.name), "host": HTML.visible(item.host ?? "–"),
            "status": Slug.make(item.status.rawValue), "statusLabel": HTML.visible(item.status.rawValue),
            "size": Display.bytes(item.size), "redactions": item.redactions, "ok": item.status == .ok,
        ]
        if let error = item.error, !error.isEmpty { row["error"] = HTML.visible(error) }
        if let removed = item.contentRemovedAt { row["removed"] = Display.time(removed) }
        return row
    }

    /// The decoded series of a metrics item (NaN and ±Inf arrive as the strings Prometheus uses).
    static func series(_ content: Data) -> [MetricSeries]? {
        try? SeriesCodec.decode(content)
    }

    /// A chart of a metrics item, grouped by query (one figure per query).
    static func charts(item: EvidenceSummary, content: Data, marks: ChartMarks) -> [String] {
        guard let all = series(content) else {
            return ["<p class=\"empty\">The stored series could not be read.</p>\n"]
        }
        if all.isEmpty { return ["<p class=\"empty\">The query returned no series.</p>\n"] }
        var order: [String] = []
        var groups: [String: [MetricSeries]] = [:]
        for s in all {
            if groups[s.query] == nil { order.append(s.query) }
            groups[s.query, default: []].append(s)
        }
        let window = DateInterval(start: item.windowStart, end: max(item.windowStart, item.windowEnd))
        return order.map { query in
            MetricChart().render(title: query.isEmpty ? item.name : query, series: groups[query] ?? [], window: window, marks: marks)
        }
    }

    /// Whether the content is shown as charts (a metrics item with content still stored).
    func drawsCharts(content: Data) -> Bool {
        item.kind == .metrics && item.contentRemovedAt == nil && !content.isEmpty
    }

    /// The charts of this metrics item, on its incident's marks.
    func charts(content: Data) -> [String] {
        Self.charts(item: item, content: content, marks: entry?.chartMarks ?? ChartMarks())
    }

    /// The template context; `content` is the stored bytes, `lines` the indexed lines, `charts` the
    /// item's charts when already drawn.
    func context(content: Data, lines: [EvidenceLineRecord], charts: [String]? = nil) -> [String: Any] {
        let numbered = item.contentRemovedAt == nil && !content.isEmpty && item.kind != .metrics
        var context = PageContext.base(
            options: options, title: "\(item.id) · \(HTML.visible(item.name))", depth: 1, section: "incidents",
            scripts: numbered ? [SitePaths.logViewerScript] : [])
        context["id"] = item.id
        context["name"] = HTML.visible(item.name)
        context["kind"] = HTML.visible(item.kind.rawValue)
        context["status"] = Slug.make(item.status.rawValue)
        context["statusLabel"] = HTML.visible(item.status.rawValue)
        if let error = item.error { context["error"] = HTML.visible(error) }
        if let removed = item.contentRemovedAt {
            context["removed"] = ["date": Display.time(removed), "rule": HTML.visible(item.contentRemovedBy ?? "retention")]
        }
        if let entry {
            context["incident"] = ["title": HTML.visible(entry.title), "url": "../" + SitePaths.incident(entry.record.id), "id": entry.record.id]
        }
        var facts: [[String: Any]] = [
            ["label": "Collector", "value": HTML.visible(item.collector)],
            ["label": "Kind", "value": HTML.visible(item.kind.rawValue)],
            ["label": "Host", "value": HTML.visible(item.host ?? "–")],
            ["label": "Window", "time": Display.timeContext(item.windowStart), "until": Display.timeContext(item.windowEnd)],
            ["label": "Collected", "time": Display.timeContext(item.startedAt), "until": Display.timeContext(item.finishedAt)],
            ["label": "Size", "value": Display.bytes(item.size) + " (\(item.size) bytes)"],
            ["label": "SHA-256", "value": item.sha256],
            ["label": "Secrets redacted", "value": String(item.redactions)],
        ]
        if let code = item.exitCode { facts.insert(["label": "Exit status", "value": String(code)], at: 3) }
        context["facts"] = facts
        let request = item.requestFields
        context["request"] = request.keys.sorted().map { key -> [String: Any] in
            let value = request[key] ?? ""
            var row: [String: Any] = ["key": HTML.visible(key), "value": HTML.visible(value)]
            if let url = LinkPolicy.externalURL(value) { row["url"] = url }
            return row
        }
        context["contentHTML"] = contentHTML(content: content, lines: lines, charts: charts)
        return context
    }

    private func contentHTML(content: Data, lines: [EvidenceLineRecord], charts: [String]?) -> String {
        if let removed = item.contentRemovedAt {
            return "<p class=\"empty\">Content removed by retention on \(Display.time(removed)).</p>\n"
        }
        if content.isEmpty { return "<p class=\"empty\">Nothing was stored for this item.</p>\n" }
        switch item.kind {
        case .metrics:
            return (charts ?? self.charts(content: content)).joined()
        case .log, .chat:
            return LogViewer.log(content: String(decoding: content, as: UTF8.self), lines: lines)
        case .command, .http:
            return LogViewer.output(content: String(decoding: content, as: UTF8.self))
        }
    }
}
