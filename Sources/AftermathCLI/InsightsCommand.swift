import AftermathCore
import Archive
import ArgumentParser
import Foundation
import Site

/// `aftermath insights [--since WHEN] [--service S] [--json]`: the numbers of the site's insights page.
struct InsightsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insights", abstract: "How the team is doing: incidents, time to acknowledge and resolve, detection lead, noise.",
        discussion: """
            Per service and month (UTC, by start): incidents, time to acknowledge and to resolve (median and
            p90) and the detection lead; recurring alerts; noisy alerts (resolved within 5 minutes without
            acknowledgement, or reopened more than twice); incidents by weekday and hour; postmortem
            completion; open and done action items. Without options, the same numbers as the site's
            insights page. Computed in SQL from the archive; postmortem files are read only when they changed.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Only incidents started since then: 2026-01-01, 2026-01, an RFC 3339 time, or a duration back from now (90d, 12w).")
    var since: String?

    @Option(help: "Only incidents affecting this service.")
    var service: String?

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        if let since { _ = try Self.parseSince(since, now: Date()) }
    }

    /// `since` as a time: a date, a month, an RFC 3339 time, or a duration back from `now`.
    static func parseSince(_ text: String, now: Date) throws -> Date {
        let t = text.trimmingCharacters(in: .whitespaces)
        let parts = t.split(separator: "-")
        if parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }),
           let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m), parts[0].count == 4 {
            let d = parts.count == 3 ? Int(parts[2]) ?? 0 : 1
            guard (1...31).contains(d) else { throw ValidationError("--since \(text): no such day") }
            return Date(timeIntervalSince1970: Double(Timestamp.daysFromCivil(year: y, month: m, day: d) * 86_400))
        }
        if let date = try? Timestamp.parse(t) { return date }
        if let back = try? DurationText.parse(t) { return now - back }
        throw ValidationError("--since \(text): write a date (2026-01-01), a month (2026-01), an RFC 3339 time or a duration (90d)")
    }

    func run() async throws {
        let (config, database) = try global.openArchive()
        let now = Date()
        let start = try since.map { try Self.parseSince($0, now: now) }
        try await PostmortemDigestSync(database: database, directory: config.postmortemsDirectory).run()
        let report = try await database.insights(InsightsQuery(since: start, service: service, now: now))
        if json {
            print(try JSONText.pretty(report))
            return
        }
        print(Self.text(report))
    }

    /// The report as terminal text.
    static func text(_ r: InsightsReport) -> String {
        func d(_ v: Double?) -> String { v.map(Display.signedDuration) ?? "-" }
        let o = r.overall
        var out: [String] = []
        var scope = "\(o.incidents) incident(s)"
        if let first = r.months.first?.month, let last = r.months.last?.month { scope += first == last ? " started in \(first)" : " started \(first) to \(last)" }
        if let service = r.service { scope += ", service \(service)" }
        if let since = r.since { scope += ", since \(Timestamp.format(since))" }
        out.append(TextTable.sanitize(scope + "; times in UTC, months by start."))
        out.append("")
        out.append("time to acknowledge  median \(d(o.timeToAcknowledge.median)), p90 \(d(o.timeToAcknowledge.p90)) (over \(o.timeToAcknowledge.count) acknowledged)")
        out.append("time to resolve      median \(d(o.timeToResolve.median)), p90 \(d(o.timeToResolve.p90)) (over \(o.timeToResolve.count) resolved)")
        out.append("detection lead       median \(d(o.detectionLead.median)), p90 \(d(o.detectionLead.p90)) (over \(o.detectionLead.count) analysed)")
        out.append("noisy incidents      \(r.noisyIncidents)")
        let header = ["INCIDENTS", "ACK MEDIAN", "ACK P90", "RESOLVE MEDIAN", "RESOLVE P90", "LEAD MEDIAN"]
        func cells(_ f: InsightsReport.Figures) -> [String] {
            [String(f.incidents), d(f.timeToAcknowledge.median), d(f.timeToAcknowledge.p90), d(f.timeToResolve.median),
             d(f.timeToResolve.p90), d(f.detectionLead.median)]
        }
        out += ["", "BY MONTH", TextTable.render(header: ["MONTH"] + header, rows: r.months.reversed().map { [$0.month] + cells($0.figures) })]
        out += ["", "BY SERVICE AND MONTH", TextTable.render(
            header: ["SERVICE", "MONTH"] + header, rows: r.serviceMonths.map { [$0.service ?? "(no service)", $0.month] + cells($0.figures) })]
        out += ["", "RECURRING ALERTS"]
        out.append(r.recurringAlerts.isEmpty ? "none" : TextTable.render(
            header: ["ALERT", "INCIDENTS", "FIRINGS", "FIRST", "LAST", "SERVICES"],
            rows: r.recurringAlerts.map {
                [$0.name, String($0.incidents), String($0.episodes), Display.time($0.firstSeen), Display.time($0.lastSeen),
                 $0.services.joined(separator: ", ")]
            }))
        out += ["", "NOISY ALERTS (resolved within \(Int(InsightsReport.quickResolution / 60)) min unacknowledged, or reopened more than \(InsightsReport.reopenLimit) times)"]
        out.append(r.noisyAlerts.isEmpty ? "none" : TextTable.render(
            header: ["ALERT", "INCIDENTS", "NOISY", "QUICK UNACKED", "REOPENED", "MOST REOPENS"],
            rows: r.noisyAlerts.map { [$0.name, String($0.incidents), String($0.noisyIncidents), String($0.quickUnacknowledged), String($0.reopenedOften), String($0.mostReopens)] }))
        out += ["", "INCIDENTS BY WEEKDAY AND HOUR (UTC)"]
        out.append("     " + (0..<24).map { $0 < 10 ? "0\($0)" : "\($0)" }.joined(separator: " "))
        for (day, counts) in zip(InsightsReport.weekdays, r.heatmap) {
            out.append(day + "  " + counts.map { $0 == 0 ? " ." : String(repeating: " ", count: max(0, 2 - String($0).count)) + String($0) }.joined(separator: " "))
        }
        let pm = r.postmortems
        out += ["", "POSTMORTEMS   none \(pm.none) · draft \(pm.draft) · in review \(pm.inReview) · final \(pm.final) · overdue \(pm.overdue)"]
        out.append("ACTION ITEMS  open \(r.actionItems.open) · done \(r.actionItems.done)")
        return out.joined(separator: "\n")
    }
}
