import AftermathCore
import Archive
import Foundation

/// The incident page: metadata, alerts, the rendered postmortem, the timeline, charts and what
/// was captured (and what failed, and why).
struct IncidentPage {
    let entry: IncidentEntry
    /// The incident's alerts and timeline, read when the page is rendered.
    let alerts: [AlertRecord]
    let timeline: [TimelineEventRecord]
    let model: SiteModel
    let options: SiteOptions

    /// Postmortem HTML from the body (nil without a postmortem), plus dangling-citation warnings.
    static func postmortemHTML(body: String?, model: SiteModel, prefix: String) -> MarkdownRenderer.Output? {
        guard let body else { return nil }
        var renderer = MarkdownRenderer { id in model.evidenceExists(id) ? prefix + SitePaths.evidence(id) : nil }
        renderer.incidentURL = { id in model.incidentExists(id) ? prefix + SitePaths.incident(id) : nil }
        return renderer.render(MachineRegions.removing("related", from: body))
    }

    /// The template context. `charts` are rendered chart figures; `postmortem` the rendered body.
    func context(postmortem: MarkdownRenderer.Output?, charts: [String]) -> [String: Any] {
        let r = entry.record
        var context = PageContext.base(options: options, title: HTML.visible(entry.title), depth: 1, section: "incidents")
        context["id"] = r.id
        context["title"] = HTML.visible(entry.title)
        context["severity"] = r.severity.rawValue
        context["status"] = r.status.rawValue
        context["pmKey"] = entry.postmortemKey
        context["pmLabel"] = entry.postmortemLabel
        context["facts"] = facts()
        context["services"] = entry.services.map { ["name": HTML.visible($0), "url": "../" + SitePaths.listing(SitePaths.filterBase(.service($0)), page: 1)] }
        let labels = entry.labels
        context["labels"] = labels.keys.sorted().map { ["key": HTML.visible($0), "value": HTML.visible(labels[$0] ?? "")] }
        if let link = r.link.flatMap(LinkPolicy.externalURL) { context["link"] = link }
        context["alerts"] = alerts.map(alertContext)
        if let postmortem {
            context["postmortemHTML"] = postmortem.html
            context["postmortemFile"] = entry.postmortem?.name ?? ""
        }
        context["timeline"] = timeline.enumerated().map { i, event -> [String: Any] in
            var row: [String: Any] = [
                "n": i + 1, "time": Display.time(event.at), "iso": Display.iso(event.at), "kind": event.kind.rawValue,
                "kindLabel": FastText.replacing(event.kind.rawValue, "_", with: " "),
                "source": HTML.visible(event.source),
                "textHTML": TimelineText.html(event.text, evidenceExists: model.evidenceExists),
            ]
            if let actor = event.actor, !actor.isEmpty { row["actor"] = HTML.visible(actor) }
            return row
        }
        context["charts"] = charts
        context["captures"] = entry.captures.map(captureContext)
        context["hasEvidence"] = !entry.evidence.isEmpty || !entry.captures.isEmpty
        if let notice = Self.retentionNotice(entry.evidence) { context["retentionNotice"] = notice }
        return context
    }

    /// "Content of 3 of 9 evidence item(s) was removed by retention on …": what went and when, by rule.
    static func retentionNotice(_ evidence: [EvidenceSummary]) -> String? {
        let removed = evidence.compactMap { item in item.contentRemovedAt.map { (at: $0, by: item.contentRemovedBy) } }
        guard !removed.isEmpty else { return nil }
        var days: [String: (rule: String, count: Int)] = [:]
        for item in removed {
            let day = String(Display.time(item.at).prefix(10))
            let rule = HTML.visible(item.by ?? "retention")
            days[day, default: (rule, 0)].count += 1
        }
        let parts = days.keys.sorted().map { day in "\(days[day]?.count ?? 0) on \(day) (\(days[day]?.rule ?? ""))" }
        return "Content of \(removed.count) of \(evidence.count) evidence item(s) was removed by retention: "
            + parts.joined(separator: "; ") + ". Their SHA-256, size, metadata and place in the evidence chain are kept."
    }

    private func facts() -> [[String: Any]] {
        let r = entry.record
        let front = entry.postmortem?.frontMatter
        var facts: [[String: Any]] = [
            ["label": "Started", "time": Display.timeContext(r.startedAt)],
        ]
        if let detected = front?.detected {
            // The front matter's time (RFC 3339) in the page's format; anything else as written.
            if let date = (try? Timestamp.parse(detected)) ?? nil {
                facts.append(["label": "Detected", "time": Display.timeContext(date)])
            } else {
                facts.append(["label": "Detected", "value": HTML.visible(detected)])
            }
        }
        facts.append(r.acknowledgedAt.map { ["label": "Acknowledged", "time": Display.timeContext($0)] } ?? ["label": "Acknowledged", "value": "–"])
        facts.append(r.resolvedAt.map { ["label": "Resolved", "time": Display.timeContext($0)] } ?? ["label": "Resolved", "value": "not yet"])
        facts.append(["label": "Duration", "value": entry.durationText])
        if let owner = front?.owner { facts.append(["label": "Owner", "value": HTML.visible(owner)]) }
        facts.append(["label": "Source", "value": HTML.visible(r.source)])
        facts.append(["label": "Incident id", "value": r.id])
        return facts
    }

    private func alertContext(_ alert: AlertRecord) -> [String: Any] {
        var context: [String: Any] = [
            "name": HTML.visible(alert.name), "status": alert.status.rawValue, "startsAt": Display.timeContext(alert.startsAt),
            "labels": alert.labels.keys.sorted().map { ["key": HTML.visible($0), "value": HTML.visible(alert.labels[$0] ?? "")] },
            "annotations": alert.annotations.keys.sorted().map { key -> [String: Any] in
                let value = alert.annotations[key] ?? ""
                var item: [String: Any] = ["key": HTML.visible(key), "value": HTML.visible(value)]
                if let url = LinkPolicy.externalURL(value) { item["url"] = url }
                return item
            },
        ]
        if let end = alert.endsAt { context["endsAt"] = Display.timeContext(end) }
        if let url = alert.generatorURL.flatMap(LinkPolicy.externalURL) { context["generatorURL"] = url }
        return context
    }

    private func captureContext(_ capture: CaptureRecord) -> [String: Any] {
        let items = entry.evidence.filter { $0.captureID == capture.id }
        let summary = EvidenceStatus.tally(items.map(\.status))
        var failedJobs: [[String: Any]] = []
        if let json = capture.manifest, let manifest = try? JSONDecoder().decode(CaptureManifest.self, from: Data(json.utf8)) {
            failedJobs = manifest.failedJobs.map {
                ["collector": HTML.visible($0.collector), "host": HTML.visible($0.host ?? "–"), "error": HTML.visible($0.error)]
            }
        }
        return [
            "id": capture.id, "kind": capture.kind.rawValue,
            "windowStart": Display.timeContext(capture.windowStart), "windowEnd": Display.timeContext(capture.windowEnd),
            "requestedBy": HTML.visible(capture.requestedBy),
            "state": capture.finishedAt == nil ? "in progress" : "finished",
            "summary": items.isEmpty ? "no items" : "\(items.count) item(s): " + summary.joined(separator: ", "),
            "items": items.map(EvidencePage.itemRow),
            "failedJobs": failedJobs,
        ]
    }
}
