import AftermathCore
import Archive
import Foundation
import Settings

extension CaptureRunner {
    /// The collector's items, or one item saying why there are none.
    func collect(_ claimed: ClaimedJob) async -> [CollectedItem] {
        let job = claimed.job, capture = claimed.capture
        let now = clock.now()
        func failure(_ kind: EvidenceKind, _ error: String) -> [CollectedItem] {
            [CollectedItem(header: EvidenceHeader(kind: kind, name: job.collector, host: job.host, request: ["collector": job.collector],
                                                 status: .failed, error: error), startedAt: now, finishedAt: now)]
        }
        guard let collectorConfig = config.collectors.first(where: { $0.name == job.collector }) else {
            return failure(.command, "collector '\(job.collector)' is no longer configured")
        }
        let kind = Self.evidenceKind(collectorConfig.kind)
        if let refusal = job.refusal { return failure(kind, refusal) }
        guard let collector = collectors.collector(for: collectorConfig.kind) else {
            return failure(kind, "no \(collectorConfig.kind.rawValue) collector is available")
        }
        var host: HostConfig?
        if let name = job.host {
            guard let allowed = config.host(named: name) else {
                return failure(kind, "host '\(name)' refused: no longer in the hosts allow-list")
            }
            host = allowed
        }
        let alerts = (try? JSONDecoder().decode([AlertContext].self, from: Data(capture.alerts.utf8))) ?? []
        let timeout = collectorConfig.timeout ?? config.capture.timeout
        let context = CaptureContext(
            jobID: job.id, incidentID: capture.incidentID, collector: collectorConfig, host: host,
            window: DateInterval(start: capture.windowStart, end: max(capture.windowStart, capture.windowEnd)),
            labels: capture.labels, alerts: alerts, timeout: timeout,
            maxBytes: collectorConfig.maxBytes ?? config.capture.maxBytes,
            maxLines: collectorConfig.maxLines ?? config.capture.maxLines, clock: clock)
        if let host { await hostSlots.acquire(host.name) }
        // Collectors keep their own time limit and report what they got by then; one that ignores
        // it (and cancellation) is abandoned a little later, freeing its host slot and its place.
        let deadline = Self.hardDeadline(timeout: timeout)
        let result = await HardDeadline.run(seconds: deadline) { await collector.collect(context) }
        if let host { await hostSlots.release(host.name) }
        guard let result else {
            if Task.isCancelled { return [] }
            return [CollectedItem(
                header: EvidenceHeader(
                    kind: kind, name: job.collector, host: job.host, request: ["collector": job.collector], status: .timeout,
                    error: "collector did not finish within \(ProcessOutcome.seconds(deadline)) (timeout \(ProcessOutcome.seconds(timeout)) "
                        + "plus grace) and did not stop when cancelled; abandoned"),
                startedAt: now, finishedAt: clock.now())]
        }
        return result.isEmpty ? failure(kind, "the collector returned no items") : result
    }

    /// When a collector is abandoned: its timeout plus a grace (as long again, 2–15 s) in which it
    /// can still report the partial result it has.
    static func hardDeadline(timeout: TimeInterval) -> TimeInterval {
        timeout + min(15, max(2, timeout))
    }
}
