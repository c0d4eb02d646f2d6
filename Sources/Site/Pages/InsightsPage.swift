import AftermathCore
import Archive
import Foundation

/// The insights page: per service and month, incidents and time to acknowledge / resolve (median
/// and p90) and the detection lead; recurring and noisy alerts; incidents by weekday and hour;
/// postmortem completion and action items; month-by-month trends. Plain HTML and inline SVG (it
/// reads from `file://` without a script). Every number carries its JSON path (`data-key`) and
/// exact value, the same as `aftermath insights --json` prints.
public struct InsightsPage {
    let report: InsightsReport
    let options: SiteOptions

    func context() -> [String: Any] {
        var context = PageContext.base(options: options, title: "Insights", depth: 0, section: "insights")
        let r = report
        let o = r.overall
        context["scope"] = scopeText()
        context["empty"] = o.incidents == 0
        context["cards"] = [
            card("Incidents", Self.count("overall.incidents", o.incidents), nil, note: "\(r.noisyIncidents) noisy"),
            card("Time to acknowledge", Self.duration("overall.time_to_acknowledge.median_seconds", o.timeToAcknowledge.median),
                 Self.duration("overall.time_to_acknowledge.p90_seconds", o.timeToAcknowledge.p90),
                 note: "over \(o.timeToAcknowledge.count) acknowledged"),
            card("Time to resolve", Self.duration("overall.time_to_resolve.median_seconds", o.timeToResolve.median),
                 Self.duration("overall.time_to_resolve.p90_seconds", o.timeToResolve.p90), note: "over \(o.timeToResolve.count) resolved"),
            card("Detection lead", Self.duration("overall.detection_lead.median_seconds", o.detectionLead.median),
                 Self.duration("overall.detection_lead.p90_seconds", o.detectionLead.p90),
                 note: "evidence before the alert, over \(o.detectionLead.count) analysed"),
        ] as [[String: Any]]
        context["noisyIncidents"] = Self.count("noisy_incidents", r.noisyIncidents)
        context["trends"] = trends()
        context["months"] = r.months.enumerated().reversed().map { i, m in Self.figureRow("months[\(i)]", m.figures, extra: ["month": m.month]) }
        context["serviceMonths"] = r.serviceMonths.enumerated().map { i, m in
            Self.figureRow("service_months[\(i)]", m.figures, extra: ["service": HTML.visible(m.service ?? "(no service)"), "month": m.month])
        }
        context["recurring"] = r.recurringAlerts.enumerated().map { i, a -> [String: Any] in
            [
                "name": HTML.visible(a.name), "incidents": Self.count("recurring_alerts[\(i)].incidents", a.incidents),
                "episodes": Self.count("recurring_alerts[\(i)].episodes", a.episodes),
                "services": HTML.visible(a.services.isEmpty ? "–" : a.services.joined(separator: ", ")),
                "first": Display.time(a.firstSeen), "last": Display.time(a.lastSeen),
                "firstISO": Display.iso(a.firstSeen), "lastISO": Display.iso(a.lastSeen),
            ]
        }
        context["noisy"] = r.noisyAlerts.enumerated().map { i, a -> [String: Any] in
            [
                "name": HTML.visible(a.name), "incidents": Self.count("noisy_alerts[\(i)].incidents", a.incidents),
                "noisyCount": Self.count("noisy_alerts[\(i)].noisy_incidents", a.noisyIncidents),
                "quick": Self.count("noisy_alerts[\(i)].resolved_quickly_unacknowledged", a.quickUnacknowledged),
                "reopened": Self.count("noisy_alerts[\(i)].reopened_more_than_twice", a.reopenedOften),
                "mostReopens": Self.count("noisy_alerts[\(i)].most_reopens", a.mostReopens),
            ]
        }
        context["hasRecurring"] = !r.recurringAlerts.isEmpty
        context["hasNoisy"] = !r.noisyAlerts.isEmpty
        context["quickMinutes"] = Int(InsightsReport.quickResolution / 60)
        context["reopenLimit"] = InsightsReport.reopenLimit
        context["heatmapSVG"] = HeatmapChart().render(r.heatmap, weekdays: InsightsReport.weekdays)
        let pm = r.postmortems
        context["postmortems"] = [
            ["label": "none yet", "key": "none", "stat": Self.count("postmortems.none", pm.none)],
            ["label": "draft", "key": "draft", "stat": Self.count("postmortems.draft", pm.draft)],
            ["label": "in review", "key": "in-review", "stat": Self.count("postmortems.in_review", pm.inReview)],
            ["label": "final", "key": "final", "stat": Self.count("postmortems.final", pm.final)],
            ["label": "overdue", "key": "overdue", "stat": Self.count("postmortems.overdue", pm.overdue)],
        ] as [[String: Any]]
        let actions = r.actionItems
        context["actionsOpen"] = Self.count("action_items.open", actions.open)
        context["actionsDone"] = Self.count("action_items.done", actions.done)
        let total = actions.open + actions.done
        context["actionsShare"] = total == 0 ? "no action items written yet" : "\(actions.done * 100 / total)% of \(total) done"
        return context
    }

    private func scopeText() -> String {
        let n = report.overall.incidents
        var text = n == 1 ? "1 incident" : "\(n) incidents"
        if let first = report.months.first?.month, let last = report.months.last?.month {
            text += first == last ? " started in \(first)" : " started \(first) to \(last)"
        }
        if let service = report.service { text += ", service \(service)" }
        return HTML.visible(text + "; times in UTC, months by start.")
    }

    private func card(_ label: String, _ main: [String: Any], _ p90: [String: Any]?, note: String) -> [String: Any] {
        var card: [String: Any] = ["label": label, "main": main, "note": note]
        if let p90 { card["p90"] = p90 }
        return card
    }

    private func trends() -> [String] {
        let months = report.months
        guard months.count >= 2 else { return [] }
        let names = months.map(\.month)
        return [
            TrendChart.render(title: "Incidents per month", months: names, lines: [
                TrendChart.Line(name: "incidents", values: months.map { Double($0.figures.incidents) }),
            ]),
            TrendChart.render(title: "Median time to acknowledge and to resolve", months: names, lines: [
                TrendChart.Line(name: "time_to_acknowledge_median_seconds", values: months.map(\.figures.timeToAcknowledge.median)),
                TrendChart.Line(name: "time_to_resolve_median_seconds", values: months.map(\.figures.timeToResolve.median)),
            ]),
            TrendChart.render(title: "Median detection lead (evidence before the alert)", months: names, lines: [
                TrendChart.Line(name: "detection_lead_median_seconds", values: months.map(\.figures.detectionLead.median)),
            ]),
        ]
    }

    /// A row of a figures table (`prefix` is the JSON path of its group).
    static func figureRow(_ prefix: String, _ f: InsightsReport.Figures, extra: [String: Any]) -> [String: Any] {
        var row = extra
        row["incidents"] = count("\(prefix).incidents", f.incidents)
        row["ttaMedian"] = duration("\(prefix).time_to_acknowledge.median_seconds", f.timeToAcknowledge.median)
        row["ttaP90"] = duration("\(prefix).time_to_acknowledge.p90_seconds", f.timeToAcknowledge.p90)
        row["ttrMedian"] = duration("\(prefix).time_to_resolve.median_seconds", f.timeToResolve.median)
        row["ttrP90"] = duration("\(prefix).time_to_resolve.p90_seconds", f.timeToResolve.p90)
        row["leadMedian"] = duration("\(prefix).detection_lead.median_seconds", f.detectionLead.median)
        return row
    }

    /// A number the page shows: its JSON path, exact value and text (`number.mustache`).
    static func count(_ key: String, _ n: Int) -> [String: Any] {
        ["nkey": key, "nval": String(n), "ntext": String(n)]
    }

    /// A duration in seconds, shown as `1h 12m` (`−3m 5s` when negative); `–` without a value.
    static func duration(_ key: String, _ seconds: Double?) -> [String: Any] {
        guard let seconds else { return ["nkey": key, "ntext": "–"] }
        return ["nkey": key, "nval": number(seconds), "ntext": Display.signedDuration(seconds)]
    }

    /// `12`, `12.5`, `0.125`: exact to the millisecond, no exponent.
    public static func number(_ value: Double) -> String {
        let millis = (value * 1000).rounded()
        if millis.truncatingRemainder(dividingBy: 1000) == 0 { return String(Int64(millis / 1000)) }
        var text = String(format: "%.3f", millis / 1000)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
