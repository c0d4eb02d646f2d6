import AftermathCore
import Archive
import ArgumentParser
import Capture
import Foundation
import Logging
import Server
import Settings

/// `aftermath capture`: take a snapshot now, for an incident or ad hoc, and wait for it.
struct CaptureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Capture evidence now: for an incident (--incident) or ad hoc (--label, --host, --since).",
        discussion: """
            For an incident the window is [start - capture.lookback, now]. Ad hoc, collectors whose `match`
            selects the given labels run over [end - since, end] (or from --from), host-bound ones on --host; the
            end is --to, or now.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Capture for this incident.")
    var incident: String?

    @Option(name: .customLong("label"), help: "Ad hoc: a label k=v to select collectors (repeatable).")
    var labels: [String] = []

    @Option(name: .customLong("host"), help: "Ad hoc: an allow-listed host for host-bound collectors (repeatable).")
    var hosts: [String] = []

    @Option(help: "Ad hoc: how far back the window starts (e.g. 30m).")
    var since: String?

    @OptionGroup var window: WindowOptions

    @Flag(help: "Print the capture manifest as JSON.")
    var json = false

    func validate() throws {
        if incident != nil && (!labels.isEmpty || !hosts.isEmpty) {
            throw ValidationError("--incident takes its labels and hosts from the incident; drop --label/--host")
        }
        for label in labels where !label.contains("=") {
            throw ValidationError("--label must be key=value (got '\(label)')")
        }
    }

    func run() async throws {
        let (config, database) = try global.openArchive()
        var logger = Logger(label: "aftermath.capture")
        logger.logLevel = .warning
        try await Pipeline.running(config: config, database: database, logger: logger) { pipeline in
            try await capture(pipeline, config: config, database: database)
        }
    }

    /// Plans the capture, runs it to the end and prints its manifest.
    private func capture(_ pipeline: Pipeline, config: AftermathConfig, database: AppDatabase) async throws {
        let now = Date()
        let plan: PlannedCapture
        if let incident {
            guard let detail = try await database.incident(id: incident) else {
                throw CLIError.unknownIncident(incident, in: config)
            }
            plan = pipeline.planner.plan(incident: detail.incident, alerts: detail.alerts, kind: .manual, now: now)
        } else {
            let chosen = try window.window(start: { end in
                guard let since else { return end - config.capture.lookback }
                do throws(DurationText.ParseError) { return end - (try DurationText.parse(since)) } catch {
                    throw ValidationError("--since: \(error.description)")
                }
            }, end: now)
            var labelMap: [String: String] = [:]
            for label in labels {
                let parts = label.split(separator: "=", maxSplits: 1).map(String.init)
                labelMap[parts[0]] = parts.count > 1 ? parts[1] : ""
            }
            plan = pipeline.planner.planAdHoc(labels: labelMap, hosts: hosts, window: chosen, now: now)
        }
        if plan.jobs.isEmpty {
            throw CLIError("no configured collector matches (collectors: \(config.collectors.map(\.name).joined(separator: ", ")))")
        }
        let captureID = try await database.createCapture(plan)
        let started = Date()
        try await pipeline.worker.drain(captureID: captureID)
        guard let capture = try await database.capture(id: captureID), let manifest = capture.manifest else {
            throw CLIError("capture \(captureID) did not finish")
        }
        if json {
            print(manifest)
            return
        }
        let decoded = try JSONDecoder().decode(CaptureManifest.self, from: Data(manifest.utf8))
        print("capture \(captureID) (\(decoded.kind)) \(decoded.windowStart) → \(decoded.windowEnd) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        print(TextTable.render(
            header: ["ID", "COLLECTOR", "HOST", "STATUS", "BYTES", "REDACTED", "NAME / ERROR"],
            rows: decoded.items.map { e in
                [e.id, e.collector, e.host ?? "-", e.status.rawValue, String(e.size), String(e.redactions), e.error.map { "\(e.name): \($0)" } ?? e.name]
            }))
        for job in decoded.failedJobs { print("job \(job.collector)@\(job.host ?? "-") failed: \(job.error)") }
    }
}
