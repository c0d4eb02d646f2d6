import AftermathCore
import Foundation
import GRDB

extension AppDatabase {
    /// Insights over the incidents `query` selects, read in one snapshot.
    public func insights(_ query: InsightsQuery) async throws -> InsightsReport {
        try await writer.read { db in try InsightsSQL(db: db, query: query).report() }
    }
}

/// The insights queries: every count, group and duration comes from SQL; only the percentiles of
/// each group's durations are taken in Swift (`DurationStats`).
private struct InsightsSQL {
    let db: Database
    let query: InsightsQuery

    var arguments: StatementArguments {
        [
            "since": query.since, "service": query.service, "now": query.now,
            "quick": InsightsReport.quickResolution, "reopens": InsightsReport.reopenLimit,
        ]
    }

    /// The incidents in scope, and what fired in each: its alerts' names, or its title when the
    /// sender reports no alerts (generic, Statuspage) — one row per episode.
    static let scoped = """
        WITH scoped AS (
            SELECT * FROM incident
            WHERE (:since IS NULL OR started_at >= :since)
              AND (:service IS NULL OR EXISTS (SELECT 1 FROM json_each(incident.services) WHERE value = :service))
        ), fired AS (
            SELECT alert.incident_id AS incident_id, alert.name AS name FROM alert JOIN scoped ON scoped.id = alert.incident_id
            UNION ALL
            SELECT scoped.id, scoped.title FROM scoped WHERE NOT EXISTS (SELECT 1 FROM alert WHERE alert.incident_id = scoped.id)
        )
        """

    /// Seconds from start to acknowledgement / resolution (milliseconds are exact: SQLite keeps
    /// julian days to the millisecond, and rounding removes the floating-point noise).
    static let durations = """
        CASE WHEN i.acknowledged_at IS NOT NULL
            THEN round(max(0.0, julianday(i.acknowledged_at) - julianday(i.started_at)) * 86400.0, 3) END AS tta,
        CASE WHEN i.status = 'resolved' AND i.resolved_at IS NOT NULL
            THEN round(max(0.0, julianday(i.resolved_at) - julianday(i.started_at)) * 86400.0, 3) END AS ttr,
        d.lead_seconds AS lead
        """

    func report() throws -> InsightsReport {
        let (overall, months) = try monthFigures()
        let (completion, actions) = try postmortems()
        return InsightsReport(
            since: query.since, service: query.service, generatedAt: query.now, overall: overall,
            noisyIncidents: try noisyIncidentCount(), months: months, serviceMonths: try serviceMonths(),
            recurringAlerts: try recurringAlerts(), noisyAlerts: try noisyAlerts(), heatmap: try heatmap(),
            postmortems: completion, actionItems: actions)
    }

    /// Durations of each incident in scope, by month (UTC), plus everything together.
    private func monthFigures() throws -> (InsightsReport.Figures, [InsightsReport.Month]) {
        let rows = try Row.fetchAll(db, sql: """
            \(Self.scoped)
            SELECT strftime('%Y-%m', i.started_at) AS month, \(Self.durations)
            FROM scoped AS i LEFT JOIN incident_detection AS d ON d.incident_id = i.id
            ORDER BY month
            """, arguments: arguments)
        var all = FigureBuilder()
        var byMonth: [(String, FigureBuilder)] = []
        for row in rows {
            let month: String = row["month"]
            if byMonth.last?.0 != month { byMonth.append((month, FigureBuilder())) }
            byMonth[byMonth.count - 1].1.add(row)
            all.add(row)
        }
        var months: [InsightsReport.Month] = []
        let present = Dictionary(byMonth.map { ($0.0, $0.1.figures) }, uniquingKeysWith: { a, _ in a })
        if let first = byMonth.first?.0, let last = byMonth.last?.0 {
            for month in Self.months(from: first, through: last) {
                months.append(InsightsReport.Month(month: month, figures: present[month] ?? FigureBuilder().figures))
            }
        }
        return (all.figures, months)
    }

    /// `2026-01` … `2026-04`, every month in between.
    static func months(from first: String, through last: String) -> [String] {
        func parts(_ m: String) -> (Int, Int)? {
            let p = m.split(separator: "-")
            guard p.count == 2, let y = Int(p[0]), let mo = Int(p[1]) else { return nil }
            return (y, mo)
        }
        guard var (y, m) = parts(first), let end = parts(last) else { return [first] }
        var out: [String] = []
        while (y, m) <= end, out.count < 1200 {
            out.append(String(format: "%04d-%02d", y, m))
            m += 1
            if m > 12 { m = 1; y += 1 }
        }
        return out
    }

    private func serviceMonths() throws -> [InsightsReport.ServiceMonth] {
        let rows = try Row.fetchAll(db, sql: """
            \(Self.scoped)
            SELECT s.value AS service, strftime('%Y-%m', i.started_at) AS month, \(Self.durations)
            FROM scoped AS i LEFT JOIN json_each(i.services) AS s LEFT JOIN incident_detection AS d ON d.incident_id = i.id
            WHERE :service IS NULL OR s.value = :service
            ORDER BY service, month
            """, arguments: arguments)
        var groups: [(service: String?, month: String, figures: FigureBuilder)] = []
        for row in rows {
            let service: String? = row["service"]
            let month: String = row["month"]
            if groups.last.map({ $0.service != service || $0.month != month }) ?? true {
                groups.append((service, month, FigureBuilder()))
            }
            groups[groups.count - 1].figures.add(row)
        }
        return groups.map { InsightsReport.ServiceMonth(service: $0.service, month: $0.month, figures: $0.figures.figures) }
    }

    private func recurringAlerts() throws -> [InsightsReport.RecurringAlert] {
        var services: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: """
            \(Self.scoped)
            SELECT DISTINCT a.name AS name, s.value AS service
            FROM fired AS a JOIN scoped AS i ON i.id = a.incident_id, json_each(i.services) AS s
            ORDER BY name, service
            """, arguments: arguments) {
            services[row["name"], default: []].append(row["service"])
        }
        return try Row.fetchAll(db, sql: """
            \(Self.scoped)
            SELECT a.name AS name, count(DISTINCT a.incident_id) AS incidents, count(*) AS episodes,
                   min(i.started_at) AS first_seen, max(i.started_at) AS last_seen
            FROM fired AS a JOIN scoped AS i ON i.id = a.incident_id
            GROUP BY a.name HAVING count(DISTINCT a.incident_id) >= 2
            ORDER BY incidents DESC, last_seen DESC, name
            """, arguments: arguments).map { row in
            InsightsReport.RecurringAlert(
                name: row["name"], incidents: row["incidents"], episodes: row["episodes"], services: services[row["name"]] ?? [],
                firstSeen: row["first_seen"], lastSeen: row["last_seen"])
        }
    }

    /// Per incident: resolved quickly without acknowledgement, and how often it reopened.
    /// Materialized: otherwise SQLite evaluates the reopen count once per use in the outer query.
    static let flags = """
        , flags AS MATERIALIZED (
            SELECT i.id AS id,
                (i.status = 'resolved' AND i.acknowledged_at IS NULL AND i.resolved_at IS NOT NULL
                    AND round((julianday(i.resolved_at) - julianday(i.started_at)) * 86400.0, 3) <= :quick) AS quick,
                (SELECT count(*) FROM timeline_event AS t WHERE t.incident_id = i.id AND t.kind = 'reopened') AS reopens
            FROM scoped AS i
        )
        """

    private func noisyAlerts() throws -> [InsightsReport.NoisyAlert] {
        try Row.fetchAll(db, sql: """
            \(Self.scoped)\(Self.flags)
            SELECT a.name AS name, count(DISTINCT a.incident_id) AS incidents,
                   count(DISTINCT CASE WHEN f.quick THEN a.incident_id END) AS quick,
                   count(DISTINCT CASE WHEN f.reopens > :reopens THEN a.incident_id END) AS reopened,
                   count(DISTINCT CASE WHEN f.quick OR f.reopens > :reopens THEN a.incident_id END) AS noisy,
                   max(f.reopens) AS most_reopens
            FROM fired AS a JOIN flags AS f ON f.id = a.incident_id
            GROUP BY a.name HAVING noisy > 0
            ORDER BY noisy DESC, incidents DESC, name
            """, arguments: arguments).map { row in
            InsightsReport.NoisyAlert(
                name: row["name"], incidents: row["incidents"], quickUnacknowledged: row["quick"], reopenedOften: row["reopened"],
                noisyIncidents: row["noisy"], mostReopens: row["most_reopens"])
        }
    }

    private func noisyIncidentCount() throws -> Int {
        try Int.fetchOne(db, sql: """
            \(Self.scoped)\(Self.flags)
            SELECT count(*) FROM flags WHERE quick OR reopens > :reopens
            """, arguments: arguments) ?? 0
    }

    private func heatmap() throws -> [[Int]] {
        var grid = Array(repeating: Array(repeating: 0, count: 24), count: 7)
        for row in try Row.fetchAll(db, sql: """
            \(Self.scoped)
            SELECT (CAST(strftime('%w', started_at) AS INTEGER) + 6) % 7 AS weekday, CAST(strftime('%H', started_at) AS INTEGER) AS hour,
                   count(*) AS n
            FROM scoped GROUP BY weekday, hour
            """, arguments: arguments) {
            let weekday: Int = row["weekday"], hour: Int = row["hour"]
            if (0..<7).contains(weekday), (0..<24).contains(hour) { grid[weekday][hour] = row["n"] }
        }
        return grid
    }

    private func postmortems() throws -> (completion: InsightsReport.PostmortemCompletion, actions: InsightsReport.ActionItems) {
        var completion = InsightsReport.PostmortemCompletion()
        var actions = InsightsReport.ActionItems()
        for row in try Row.fetchAll(db, sql: """
            \(Self.scoped)
            SELECT CASE
                    WHEN d.status = 'final' THEN 'final'
                    WHEN p.due_at IS NOT NULL AND p.due_at < :now THEN 'overdue'
                    WHEN d.file IS NULL THEN 'none'
                    WHEN d.status = 'in-review' THEN 'in-review'
                    ELSE 'draft' END AS state,
                count(*) AS n, coalesce(sum(d.actions_open), 0) AS open, coalesce(sum(d.actions_done), 0) AS done
            FROM scoped AS i
            LEFT JOIN postmortem AS p ON p.incident_id = i.id
            LEFT JOIN (\(AppDatabase.primaryDigests)) AS d ON d.incident_id = i.id
            GROUP BY state
            """, arguments: arguments) {
            let n: Int = row["n"]
            switch row["state"] as String {
            case "final": completion.final = n
            case "overdue": completion.overdue = n
            case "in-review": completion.inReview = n
            case "draft": completion.draft = n
            default: completion.none = n
            }
            actions.open += row["open"] as Int
            actions.done += row["done"] as Int
        }
        return (completion, actions)
    }
}

/// Collects one group's durations.
private struct FigureBuilder {
    var incidents = 0
    var tta: [Double] = [], ttr: [Double] = [], lead: [Double] = []

    mutating func add(_ row: Row) {
        incidents += 1
        if let v: Double = row["tta"] { tta.append(v) }
        if let v: Double = row["ttr"] { ttr.append(v) }
        if let v: Double = row["lead"] { lead.append(v) }
    }

    var figures: InsightsReport.Figures {
        InsightsReport.Figures(
            incidents: incidents, timeToAcknowledge: DurationStats(tta), timeToResolve: DurationStats(ttr), detectionLead: DurationStats(lead))
    }
}
