// Capture owns evidence collection: the collectors, the durable job runner and worker, capture
// planning, host slots and deadlines. It produces Archive's evidence types and stores them through
// Archive's methods; it must not render postmortems or pages, nor define the stored format.

import AftermathCore
import Archive
import Foundation
import Logging
import Redaction
import Settings

/// Runs one claimed job: builds its context, runs the collector under a hard deadline,
/// redacts what came back and stores it (fenced by the job's lease, renewed until it has committed).
public struct CaptureRunner: Sendable {
    let database: AppDatabase
    let config: AftermathConfig
    let collectors: CollectorSet
    let redactor: Redactor
    let clock: any WallClock
    let logger: Logger
    let hostSlots: HostSlots
    /// Collector runs by kind and outcome, with durations (`/metrics`).
    let metrics: CaptureMetrics
    /// How evidence is split into transactions (intake waits behind at most one).
    let chunking: EvidenceChunking

    public init(
        database: AppDatabase, config: AftermathConfig, collectors: CollectorSet, redactor: Redactor,
        clock: any WallClock, logger: Logger, metrics: CaptureMetrics = CaptureMetrics(), chunking: EvidenceChunking = .standard
    ) {
        self.database = database
        self.config = config
        self.collectors = collectors
        self.redactor = redactor
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
        self.chunking = chunking
        hostSlots = HostSlots(limit: config.capture.perHostConcurrency)
    }

    /// Runs the job to completion; never throws (failures become evidence items).
    /// From claim to commit its lease is renewed, so a short lease still covers a long collector
    /// and a large store, while a dead worker's jobs are picked up again soon. If the lease is lost
    /// (another worker took the job over), the run stops: its result could not be stored anyway.
    public func run(_ claimed: ClaimedJob, lease: TimeInterval) async {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await collectAndStore(claimed, lease: lease)
                return true
            }
            group.addTask {
                await heartbeat(claimed.job, lease: lease)
                return false
            }
            // Whichever ends first ends the other: the work (done) or the heartbeat (lease lost).
            _ = await group.next()
            group.cancelAll()
        }
    }

    /// Renews the lease every third of it until cancelled; returns early once the job is no
    /// longer this worker's. A failed renewal (a busy or full archive) is retried next time.
    func heartbeat(_ job: CaptureJobRecord, lease: TimeInterval) async {
        let token = job.leaseToken ?? ""
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: max(0.2, lease / 3).sleepNanoseconds)
            if Task.isCancelled { return }
            do {
                guard try await database.renewLease(jobID: job.id, token: token, until: clock.now() + lease) else {
                    logger.warning("capture job lease lost; stopping it", metadata: ["job": "\(job.id)"])
                    return
                }
            } catch {
                logger.warning("capture job lease not renewed; retrying", metadata: ["job": "\(job.id)", "error": "\(error)"])
            }
        }
    }

    func collectAndStore(_ claimed: ClaimedJob, lease: TimeInterval) async {
        let job = claimed.job
        let started = clock.now()
        let runStarted = ContinuousClock.now
        let items = await collect(claimed)
        metrics.record(kind: config.collectors.first { $0.name == job.collector }?.kind, items: items, elapsed: ContinuousClock.now - runStarted)
        if Task.isCancelled { return }
        let evidence = items.map(prepare)
        do {
            let outcome = try await database.storeEvidence(
                jobID: job.id, leaseToken: job.leaseToken ?? "", items: evidence, now: clock.now(), chunking: chunking,
                renewing: LeaseRenewal(duration: lease, clock: clock))
            switch outcome {
            case .stored(let ids):
                logger.info("capture job done", metadata: [
                    "job": "\(job.id)", "collector": "\(job.collector)", "host": "\(job.host ?? "-")",
                    "items": "\(ids.count)", "seconds": "\(String(format: "%.2f", clock.now().timeIntervalSince(started)))",
                ])
            case .leaseLost:
                logger.warning("capture job result discarded: lease lost", metadata: ["job": "\(job.id)"])
            }
        } catch {
            // The job stays running; its lease expires and another attempt stores it.
            logger.error("capture job result not stored", metadata: ["job": "\(job.id)", "error": "\(error)"])
        }
    }

    static func evidenceKind(_ kind: CollectorKind) -> EvidenceKind {
        switch kind {
        case .prometheus: return .metrics
        case .file, .journald, .loki: return .log
        case .command: return .command
        case .http: return .http
        }
    }
}
