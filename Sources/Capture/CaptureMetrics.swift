import Archive
import CoreMetrics
import Foundation
import Settings

/// Collector runs by kind and outcome, and their durations, recorded through an injected
/// swift-metrics factory (the server's Prometheus registry; a no-op one by default).
public struct CaptureMetrics: Sendable {
    /// `aftermath_collector_runs_total{kind, outcome}`.
    public static let runs = "aftermath_collector_runs_total"
    /// `aftermath_collector_run_duration_seconds{kind}` (histogram).
    public static let duration = "aftermath_collector_run_duration_seconds"

    let factory: any MetricsFactory

    /// Records through `factory`.
    public init(factory: any MetricsFactory = NOOPMetricsHandler.instance) {
        self.factory = factory
    }

    /// One run of a `kind` collector that produced `items` in `elapsed`.
    func record(kind: CollectorKind?, items: [CollectedItem], elapsed: Duration) {
        let kind = kind?.rawValue ?? "unknown"
        Counter(label: Self.runs, dimensions: [("kind", kind), ("outcome", Self.outcome(items).rawValue)], factory: factory).increment()
        CoreMetrics.Timer(label: Self.duration, dimensions: [("kind", kind)], factory: factory).recordNanoseconds(
            elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }

    /// `ok` when every item is, else the worst status among them (failed, timeout, truncated, skipped).
    static func outcome(_ items: [CollectedItem]) -> EvidenceStatus {
        for status in [EvidenceStatus.failed, .timeout, .truncated, .skipped] where items.contains(where: { $0.status == status }) {
            return status
        }
        return items.isEmpty ? .failed : .ok
    }
}
