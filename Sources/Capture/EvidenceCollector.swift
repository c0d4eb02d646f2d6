import AftermathCore
import Archive
import Foundation
import Settings

/// One collector run: everything a collector needs to know, decided by the capture planner.
public struct CaptureContext: Sendable {
    /// The durable job this run belongs to.
    public var jobID: Int64
    /// The incident, or nil for an ad-hoc `aftermath capture`.
    public var incidentID: String?
    public var collector: CollectorConfig
    /// The allow-listed host to collect from (file, journald, command); nil for HTTP kinds.
    public var host: HostConfig?
    /// Evidence from inside this window only.
    public var window: DateInterval
    /// The incident's labels (already redacted): selectors and query templates read these.
    public var labels: [String: String]
    /// The incident's alerts: the prometheus collector reads each one's generatorURL.
    public var alerts: [AlertContext]
    /// Time limit for the whole run.
    public var timeout: TimeInterval
    /// Cap per evidence item, in bytes.
    public var maxBytes: Int
    /// Cap on lines per log source.
    public var maxLines: Int
    /// The capture's clock: items' start and finish times and deadlines are read from it.
    public var clock: any WallClock = SystemClock()
}

/// What a collector knows about one alert of the incident.
public struct AlertContext: Sendable, Equatable, Codable {
    public var name: String
    public var labels: [String: String]
    public var startsAt: Date
    public var endsAt: Date?
    /// Prometheus graph link; its `g0.expr` is the rule's expression.
    public var generatorURL: String?
}

/// A source of evidence. A collector never throws: every failure becomes an item with its
/// status and the exact error, so one failing source never stops the rest of a capture.
public protocol EvidenceCollector: Sendable {
    func collect(_ context: CaptureContext) async -> [CollectedItem]
}

/// One piece of evidence as collected, before redaction and storage.
public struct CollectedItem: HasEvidenceHeader, Sendable, Equatable {
    public var header: EvidenceHeader
    /// The content as text: log lines joined by newlines, command output, HTTP body.
    /// For metrics, empty: the series are the content.
    public var text = ""
    /// Metrics only: the series as data.
    public var series: [MetricSeries] = []
    /// Logs only: the lines, each with its timestamp where the line had one.
    public var lines: [LogLine] = []
    /// Commands only: the exit status, when the process exited.
    public var exitCode: Int32?
    public var startedAt: Date
    public var finishedAt: Date
}
