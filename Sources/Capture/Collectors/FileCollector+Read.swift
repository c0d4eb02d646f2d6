import Archive
import Foundation
import Settings

extension FileCollector {
    /// Cap on a reader's stderr (its error message).
    static let stderrCap = 64 << 10

    /// Reads one file through `cat`/`gzip -dc` on the host and keeps the lines in the window.
    func read(_ path: String, glob: String, on host: HostRunner, context: CaptureContext, deadline: Date) async -> CollectedItem {
        let started = context.clock.now()
        let gzipped = path.hasSuffix(".gz")
        let argv = gzipped ? ["gzip", "-dc", "--", path] : ["cat", "--", path]
        let zone = host.host.isLocal ? TimeZone.current : TimeZone(identifier: "UTC") ?? .current
        let request = host.host.requestFields.merging(
            ["path": path, "glob": glob, "reader": gzipped ? "gzip -dc" : "cat", "naive_time_zone": zone.identifier]) { _, own in own }
        var item = CollectedItem(header: EvidenceHeader(kind: .log, name: path, host: host.host.name, request: request, status: .ok),
                                 startedAt: started, finishedAt: started)
        let remaining = deadline.timeIntervalSince(context.clock.now())
        guard remaining > 0 else {
            item.status = .timeout
            item.error = "not read: the collector's time limit (\(ProcessOutcome.seconds(context.timeout))) ran out"
            item.finishedAt = context.clock.now()
            return item
        }

        let timestamps = LogTimestamp(window: context.window, naiveZone: zone)
        let filter = StreamingLogFilter(LogWindowFilter(timestamps: timestamps, source: path,
                                                        maxLines: context.maxLines, maxBytes: context.maxBytes))
        let outcome = await host.stream(argv, timeout: remaining, maxBytes: Self.stderrCap) { filter.consume($0) }
        let result = filter.finish()
        guard item.keepStreamed(lines: result.lines, text: result.text, outcome: outcome, at: context.clock.now()) else { return item }
        if let cap = result.cap {
            item.status = .truncated
            item.error = cap.message
        } else if outcome.timedOut {
            item.status = .timeout
            item.error = "reading \(path): timed out after \(ProcessOutcome.seconds(remaining)); kept \(result.lines.count) lines read before"
        } else if let failure = outcome.failureDescription(timeout: remaining) {
            item.status = .failed
            item.error = "reading \(path): \(failure)"
        }
        return item
    }
}
