import AftermathCore
import Archive
import Capture
import Foundation
import GRDB
import Intake
import Postmortem
import Settings
import Testing

/// A fresh archive in a temporary directory with a manual clock, filled through the real
/// intake and capture APIs, for postmortem tests.
struct PostmortemWorld {
    /// 2026-11-27T11:42:14.186Z: when the Alertmanager fixture's alerts start.
    static let t0 = Date(timeIntervalSince1970: 1_795_779_734.186)

    let directory: TemporaryDirectory
    let database: AppDatabase
    let clock: ManualClock
    let config: AftermathConfig
    let ids = SequentialIncidentIDs()
    let schedule: PostmortemSchedule

    init(settle: TimeInterval = 1800, deadline: TimeInterval = 86_400, now: Date = PostmortemWorld.t0) throws {
        directory = try TemporaryDirectory("postmortem")
        var config = AftermathConfig()
        config.archiveDirectory = directory.file("archive")
        config.postmortem = PostmortemConfig(settle: settle, deadline: deadline)
        config.templatesDirectory = Self.repositoryTemplates
        self.config = config
        database = try AppDatabase(directory: config.archiveDirectory)
        clock = ManualClock(now)
        schedule = PostmortemSchedule(config: config.postmortem)
    }

    /// The repository's `templates/` (the real template file is what the tests render).
    static var repositoryTemplates: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("templates").path
    }

    /// Capture planning and postmortem scheduling, as the server wires them.
    var hooks: [IntakeHook] { [CapturePlanner(config: config).intakeHook(), schedule.intakeHook()] }

    func generator() throws -> PostmortemGenerator {
        try PostmortemGenerator(database: database, config: config, clock: clock)
    }

    func scheduler(pollInterval: TimeInterval = 0.05) throws -> PostmortemScheduler {
        PostmortemScheduler(generator: try generator(), schedule: schedule, clock: clock, pollInterval: pollInterval)
    }

    // MARK: Intake

    /// Parses `body` as `source` would send it and stores it with the hooks, at the clock's time.
    @discardableResult
    func deliver(_ source: WebhookSource, _ body: [UInt8], hooks: [IntakeHook]? = nil) async throws -> IntakeOutcome {
        let request = WebhookRequest(source: source, headers: [], body: body, receivedAt: clock.now())
        let parsed = try PayloadParser.parse(request, source: SourceConfig(), intake: config.intake)
        return try await database.record(
            IncomingDelivery(source: source, dedupKey: parsed.dedupKey, receivedAt: clock.now(), headers: [], body: body,
                             disposition: .applied, signals: parsed.signals),
            rules: IntakeRules(reopenWindow: config.intake.reopenWindow), ids: ids, hooks: hooks ?? self.hooks)
    }

    /// Stores signals directly (titles no real sender would produce).
    @discardableResult
    func record(_ signals: [Signal], hooks: [IntakeHook]? = nil) async throws -> IntakeOutcome {
        try await database.record(
            IncomingDelivery(source: signals.first?.source ?? .generic, dedupKey: UUID().uuidString, receivedAt: clock.now(),
                             headers: [], body: Array("{}".utf8), disposition: .applied, signals: signals),
            rules: IntakeRules(reopenWindow: config.intake.reopenWindow), ids: ids, hooks: hooks ?? self.hooks)
    }

    /// The Alertmanager firing fixture (two HighErrorRate alerts on checkout).
    func alertmanagerFiring() throws -> [UInt8] {
        try Fixtures.webhook("alertmanager-firing.json")
    }

    /// The firing fixture with every alert resolved at `endsAt`.
    func alertmanagerResolved(endsAt: Date) throws -> [UInt8] {
        var json = try #require(try JSONSerialization.jsonObject(with: Data(try alertmanagerFiring())) as? [String: Any])
        json["status"] = "resolved"
        let alerts = try #require(json["alerts"] as? [[String: Any]])
        json["alerts"] = alerts.map { alert in
            var a = alert
            a["status"] = "resolved"
            a["endsAt"] = Timestamp.format(endsAt)
            return a
        }
        return Array(try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]))
    }

    /// A signal for a generic webhook titled `title` (opened, or resolved).
    static func signal(title: String, key: String = UUID().uuidString, status: IncidentStatus = .triggered, services: [String] = ["api"]) -> Signal {
        Signal(
            source: .generic, correlationKey: "generic:\(key)", correlation: .exact, effect: .transition(status),
            title: title, severity: .high, services: services, summary: "generic: \(status.rawValue)")
    }

    // MARK: Capture

    /// Stores `items` as one capture of `incidentID` (one job per item) at the clock's time,
    /// through the real job queue; returns the evidence ids.
    @discardableResult
    func capture(_ incidentID: String, kind: CaptureKind = .opening, window: DateInterval, items: [NewEvidence]) async throws -> [String] {
        let now = clock.now()
        let captureID = try await database.createCapture(PlannedCapture(
            incidentID: incidentID, kind: kind, window: window, labels: [:], alertsJSON: "[]", requestedBy: "intake",
            requestedAt: now, runAfter: now, maxAttempts: 3,
            jobs: items.map { PlannedCapture.Job(collector: "c-\($0.name)", host: $0.host) }))
        var ids: [String] = []
        let claimed = try await database.claimJobs(now: now, limit: items.count, lease: 60, only: captureID).claimed
        for job in claimed.sorted(by: { $0.job.id < $1.job.id }) {
            let item = try #require(items.first { "c-\($0.name)" == job.job.collector })
            let outcome = try await database.storeEvidence(jobID: job.job.id, leaseToken: try #require(job.job.leaseToken), items: [item], now: now)
            if case .stored(let stored) = outcome { ids += stored }
        }
        return ids
    }

    /// A log item: `lines` are (offset from t0, text).
    static func log(_ path: String, _ lines: [(TimeInterval, String)], host: String = "web-1") -> NewEvidence {
        let text = lines.map { "\(Timestamp.formatMillis(t0 + $0.0)) \($0.1)" }
        return NewEvidence(
            kind: .log, name: path, host: host, request: ["path": path], status: .ok, error: nil, exitCode: nil,
            content: Data(text.joined(separator: "\n").utf8), contentType: "text/plain; charset=utf-8", redactions: 0,
            lines: zip(lines, text).map { .init(timestamp: t0 + $0.0.0, text: $0.1, source: path) },
            startedAt: t0, finishedAt: t0)
    }

    /// The alert's own expression as a metrics item: `points` are (offset from t0, value).
    static func alertSeries(_ alert: String, expression: String, _ points: [(TimeInterval, Double)]) -> NewEvidence {
        let series = [MetricSeries(
            labels: ["service": "checkout"], points: points.map { MetricPoint(t: (t0 + $0.0).timeIntervalSince1970, v: $0.1) },
            query: expression, step: 15, sourceURL: "http://prometheus.test:9090/api/v1/query_range")]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let content = (try? encoder.encode(series)) ?? Data("[]".utf8)
        return NewEvidence(
            kind: .metrics, name: "alert \(alert)", host: nil, request: ["query": expression, "step": "15"], status: .ok,
            error: nil, exitCode: nil, content: content, contentType: "application/json", redactions: 0, lines: [],
            startedAt: t0, finishedAt: t0)
    }

    /// A command's output.
    static func command(_ name: String, _ output: String, status: EvidenceStatus = .ok, error: String? = nil) -> NewEvidence {
        NewEvidence(
            kind: .command, name: name, host: "web-1", request: ["argv": name], status: status, error: error,
            exitCode: status == .ok ? 0 : nil, content: Data(output.utf8), contentType: "text/plain; charset=utf-8",
            redactions: 0, lines: output.split(separator: "\n").map { .init(timestamp: nil, text: String($0), source: "command:\(name)@web-1") },
            startedAt: t0, finishedAt: t0)
    }

    // MARK: Files

    /// The incident's postmortem path (after it was written).
    func path(_ incidentID: String) async throws -> String {
        let file = try #require(try await database.postmortem(incidentID: incidentID)?.file)
        return (config.postmortemsDirectory as NSString).appendingPathComponent(file)
    }

    func read(_ incidentID: String) async throws -> String {
        try String(contentsOfFile: try await path(incidentID), encoding: .utf8)
    }

    func bytes(_ incidentID: String) async throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: try await path(incidentID))))
    }

    func write(_ incidentID: String, _ text: String) async throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: try await path(incidentID)))
    }
}
