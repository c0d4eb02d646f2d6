import AftermathCore
import Archive
import ArgumentParser
import Foundation
import Server

/// `aftermath retention apply [--dry-run]`: applies `retention:` now (`serve` also does, every `retention.interval`).
struct RetentionApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply", abstract: "Apply the configured retention policy now.",
        discussion: "Empties the content and indexed lines of evidence older than retention.evidence_content (or its "
            + "collector's retention.collectors entry) and the body and headers of deliveries older than retention.raw_deliveries. "
            + "Each item keeps its SHA-256, size, metadata and chain link and records when it was removed, so `aftermath verify` "
            + "still passes. Postmortems and timelines are never removed. Works in short transactions while `serve` runs, then "
            + "gives freed pages back to the file system (incremental vacuum).")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "List what would be removed, and change nothing.")
    var dryRun = false

    func run() async throws {
        let config = try global.loadConfig()
        guard config.retention.isConfigured else {
            throw CLIError("no retention policy: set retention.evidence_content, retention.collectors or retention.raw_deliveries in the configuration")
        }
        let database = try global.openDatabase(config)
        let policy = RetentionPolicy(config.retention)
        let clock = SystemClock()
        if dryRun {
            let preview = try await database.retentionPreview(policy, now: clock.now())
            for item in preview.evidence {
                print("\(item.id)\t\(item.incidentID ?? "-")\t\(item.collector)\tstored \(Timestamp.format(item.storedAt))\t\(item.size) bytes\t\(item.rule)")
            }
            print("would remove: content of \(preview.evidence.count) evidence item(s) (\(preview.evidence.reduce(0) { $0 + $1.size }) bytes), "
                + "\(preview.deliveries) raw deliver\(preview.deliveries == 1 ? "y" : "ies") (\(preview.deliveryBytes) bytes); policy: \(policy.summary)")
            return
        }
        let report = try await database.applyRetention(policy, clock: clock)
        print(report.summaryLine)
    }
}
