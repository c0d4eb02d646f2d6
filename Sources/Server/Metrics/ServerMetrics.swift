import Archive
import Capture
import CoreMetrics
import Foundation
import Prometheus
import Site

/// Aftermath's metrics: one Prometheus registry, and the swift-metrics factory over it that every
/// instrumented part is handed (nothing bootstraps the global `MetricsSystem`). `/metrics` emits
/// the registry after refreshing the figures read from the archive at scrape time.
public struct ServerMetrics: Sendable {
    /// `aftermath_webhook_deliveries_total{source, outcome}`.
    public static let deliveries = "aftermath_webhook_deliveries_total"
    /// `aftermath_intake_commit_duration_seconds` (histogram): from handing a delivery to the committer
    /// to its synced commit, waiting for a group commit included.
    public static let commitDuration = "aftermath_intake_commit_duration_seconds"
    /// `aftermath_capture_jobs{state}`.
    public static let captureJobs = "aftermath_capture_jobs"
    /// `aftermath_postmortems_due` and `aftermath_postmortems_overdue`.
    public static let postmortemsDue = "aftermath_postmortems_due", postmortemsOverdue = "aftermath_postmortems_overdue"
    /// `aftermath_site_build_duration_seconds` (histogram), `aftermath_site_pages_written_total`,
    /// `aftermath_site_builds_total{outcome}`.
    public static let siteBuildDuration = "aftermath_site_build_duration_seconds", sitePagesWritten = "aftermath_site_pages_written_total",
        siteBuilds = "aftermath_site_builds_total"
    /// `aftermath_archive_size_bytes`: the database and its write-ahead log on disk.
    public static let archiveSize = "aftermath_archive_size_bytes"
    /// `aftermath_statuspage_open_after_resolve`: resolved incidents whose status page has shown them
    /// open for longer than `statuspage.reminder_after`.
    public static let statusPageOpen = "aftermath_statuspage_open_after_resolve"
    /// `aftermath_notifications{state}`: outgoing notifications pending, sent and given up on.
    public static let notifications = "aftermath_notifications"

    /// What `/metrics` emits.
    public let registry: PrometheusCollectorRegistry
    /// The factory instrumented code records through.
    public let factory: PrometheusMetricsFactory

    /// A fresh registry with buckets fitted to each histogram.
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        let seconds: ([Double]) -> [Duration] = { $0.map { .nanoseconds(Int64($0 * 1e9)) } }
        factory.durationHistogramBuckets = [
            Self.commitDuration: seconds([0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]),
            CaptureMetrics.duration: seconds([0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]),
            Self.siteBuildDuration: seconds([0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120]),
        ]
        self.factory = factory
    }

    /// What the capture runner records through.
    public var capture: CaptureMetrics { CaptureMetrics(factory: factory) }

    /// One answered webhook: `outcome` is accepted, duplicate, quarantined, opaque, unauthorized,
    /// forbidden, too_large, unavailable or unknown_source.
    func delivery(source: String, outcome: String) {
        Counter(label: Self.deliveries, dimensions: [("source", source), ("outcome", outcome)], factory: factory).increment()
    }

    /// How long one delivery took from receipt to its synced commit.
    func commit(_ elapsed: Duration) {
        CoreMetrics.Timer(label: Self.commitDuration, factory: factory).recordNanoseconds(Self.nanoseconds(elapsed))
    }

    /// One site build, successful or not.
    public func siteBuild(_ result: Result<SiteBuildReport, any Error>) {
        switch result {
        case .success(let report):
            Counter(label: Self.siteBuilds, dimensions: [("outcome", "ok")], factory: factory).increment()
            CoreMetrics.Timer(label: Self.siteBuildDuration, factory: factory).recordNanoseconds(Int64(report.seconds * 1e9))
            Counter(label: Self.sitePagesWritten, factory: factory).increment(by: report.written.count)
        case .failure:
            Counter(label: Self.siteBuilds, dimensions: [("outcome", "failed")], factory: factory).increment()
        }
    }

    /// Sets the gauges read from the archive.
    func refresh(_ archive: ArchiveMetrics) {
        for (state, count) in archive.jobs {
            Gauge(label: Self.captureJobs, dimensions: [("state", state.rawValue)], factory: factory).record(count)
        }
        Gauge(label: Self.postmortemsDue, factory: factory).record(archive.postmortemsDue)
        Gauge(label: Self.postmortemsOverdue, factory: factory).record(archive.postmortemsOverdue)
        Gauge(label: Self.archiveSize, factory: factory).record(archive.bytes)
        Gauge(label: Self.statusPageOpen, factory: factory).record(archive.statusPageOpenAfterResolve)
        for (state, count) in archive.notifications {
            Gauge(label: Self.notifications, dimensions: [("state", state.rawValue)], factory: factory).record(count)
        }
    }

    static func nanoseconds(_ d: Duration) -> Int64 {
        d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000
    }
}
