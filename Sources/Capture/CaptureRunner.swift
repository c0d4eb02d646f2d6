import AftermathCore
import Archive
import Foundation
import Logging
import Redaction
import Settings

/// Runs one claimed job: builds its context, runs the collector under a hard deadline,
/// redacts what came back and stores it (fenced by the job's lease).
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

    public init(
        database: AppDatabase, config: AftermathConfig, collectors: CollectorSet, redactor: Redactor,
        clock: any WallClock, logger: Logger, metrics: CaptureMetrics = CaptureMetrics()
    ) {
        self.database = database
        self.config = config
        self.collectors = collectors
        self.redactor = redactor
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
        hostSlots = HostSlots(limit: config.capture.perHostConcurrency)
    }

    /// Runs the job to completion; never throws (failures become evidence items).
    /// While it runs, its lease is renewed, so a short lease still covers a long collector
    /// and a dead worker's jobs are picked up again soon.
    public func run(_ claimed: ClaimedJob, lease: TimeInterval) async {
        let job = claimed.job
        let started = clock.now()
        let heartbeat = Task {
            while !Task.isCancelled {
                try await Task.sleep(nanoseconds: UInt64(max(0.2, lease / 3) * 1e9))
                guard try await database.renewLease(jobID: job.id, token: job.leaseToken ?? "", until: clock.now() + lease) else { return }
            }
        }
        let runStarted = ContinuousClock.now
        let items = await collect(claimed)
        heartbeat.cancel()
        metrics.record(kind: config.collectors.first { $0.name == job.collector }?.kind, items: items, elapsed: ContinuousClock.now - runStarted)
        let evidence = items.map(prepare)
        do {
            let outcome = try await database.storeEvidence(
                jobID: job.id, leaseToken: job.leaseToken ?? "", items: evidence, now: clock.now())
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

    /// The collector's items, or one item saying why there are none.
    func collect(_ claimed: ClaimedJob) async -> [CollectedItem] {
        let job = claimed.job, capture = claimed.capture
        let now = clock.now()
        func failure(_ kind: EvidenceKind, _ error: String) -> [CollectedItem] {
            [CollectedItem(kind: kind, name: job.collector, host: job.host, request: ["collector": job.collector],
                           status: .failed, error: error, startedAt: now, finishedAt: now)]
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
            maxLines: collectorConfig.maxLines ?? config.capture.maxLines)
        if let host { await hostSlots.acquire(host.name) }
        defer { if let host { Task { await hostSlots.release(host.name) } } }
        // A collector that ignores its own timeout is cut off a little later.
        let deadline = timeout + 15
        let result = await withTaskGroup(of: [CollectedItem]?.self) { group in
            group.addTask { await collector.collect(context) }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(deadline * 1e9))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let result else {
            let end = clock.now()
            return [CollectedItem(kind: kind, name: job.collector, host: job.host, request: ["collector": job.collector],
                                  status: .timeout, error: "collector did not finish within \(Int(deadline)) s; cancelled",
                                  startedAt: now, finishedAt: end)]
        }
        return result.isEmpty ? failure(kind, "the collector returned no items") : result
    }

    /// Redacts an item and turns it into what the archive stores.
    func prepare(_ item: CollectedItem) -> NewEvidence {
        var redactions = 0
        var request: [String: String] = [:]
        for (key, value) in item.request {
            let r = redactor.redact(value)
            request[key] = r.text
            redactions += r.count
        }
        let error = item.error.map { redactor.redact($0) }
        redactions += error?.count ?? 0
        let content: Data
        let contentType: String
        var lines: [NewEvidence.Line] = []
        switch item.kind {
        case .metrics:
            let series = item.series.map { series -> MetricSeries in
                var s = series
                let labels = redactor.redact(labels: series.labels)
                redactions += labels.count
                s.labels = labels.labels
                let query = redactor.redact(series.query)
                redactions += query.count
                s.query = query.text
                return s
            }
            content = (try? Self.seriesEncoder.encode(series)) ?? Data("[]".utf8)
            contentType = "application/json"
        case .log:
            // Redacted as a whole (a private key spans lines), then split back line by line.
            if item.lines.isEmpty {
                let r = redactor.redact(item.text)
                redactions += r.count
                content = Data(r.text.utf8)
            } else {
                let r = redactor.redact(lines: item.lines.map(\.text))
                redactions += r.count
                lines = zip(item.lines, r.lines).map { .init(timestamp: $0.timestamp, source: $0.source, text: $1) }
                content = Data(r.lines.joined(separator: "\n").utf8)
            }
            contentType = "text/plain; charset=utf-8"
        case .command, .http:
            let r = redactor.redact(item.text)
            redactions += r.count
            content = Data(r.text.utf8)
            contentType = "text/plain; charset=utf-8"
            let source = "\(item.kind.rawValue):\(item.name)" + (item.host.map { "@\($0)" } ?? "")
            lines = r.text.split(separator: "\n", omittingEmptySubsequences: true).map {
                .init(timestamp: nil, source: source, text: String($0))
            }
        }
        return NewEvidence(
            kind: item.kind.rawValue, name: item.name, host: item.host, request: request, status: item.status.rawValue,
            error: error?.text, exitCode: item.exitCode, content: content, contentType: contentType, redactions: redactions,
            lines: lines, startedAt: item.startedAt, finishedAt: item.finishedAt)
    }

    static func evidenceKind(_ kind: CollectorKind) -> EvidenceKind {
        switch kind {
        case .prometheus: return .metrics
        case .file, .journald, .loki: return .log
        case .command: return .command
        case .http: return .http
        }
    }

    static let seriesEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return encoder
    }()
}
