import AftermathCore
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

    public init(
        jobID: Int64, incidentID: String?, collector: CollectorConfig, host: HostConfig?, window: DateInterval,
        labels: [String: String], alerts: [AlertContext], timeout: TimeInterval, maxBytes: Int, maxLines: Int
    ) {
        self.jobID = jobID
        self.incidentID = incidentID
        self.collector = collector
        self.host = host
        self.window = window
        self.labels = labels
        self.alerts = alerts
        self.timeout = timeout
        self.maxBytes = maxBytes
        self.maxLines = maxLines
    }
}

/// What a collector knows about one alert of the incident.
public struct AlertContext: Sendable, Equatable, Codable {
    public var name: String
    public var labels: [String: String]
    public var startsAt: Date
    public var endsAt: Date?
    /// Prometheus graph link; its `g0.expr` is the rule's expression.
    public var generatorURL: String?

    public init(name: String, labels: [String: String], startsAt: Date, endsAt: Date?, generatorURL: String?) {
        self.name = name
        self.labels = labels
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
    }
}

/// A source of evidence. A collector never throws: every failure becomes an item with its
/// status and the exact error, so one failing source never stops the rest of a capture.
public protocol EvidenceCollector: Sendable {
    func collect(_ context: CaptureContext) async -> [CollectedItem]
}

/// What kind of evidence an item is.
public enum EvidenceKind: String, Sendable, Codable, CaseIterable {
    /// Prometheus series (stored as data, redrawn as charts).
    case metrics
    /// Log lines (file, journald, Loki), each with its own timestamp where known.
    case log
    /// A diagnostic command's output.
    case command
    /// An HTTP response body.
    case http
}

/// How collecting an item went.
public enum EvidenceStatus: String, Sendable, Codable, CaseIterable {
    case ok, failed, timeout, truncated, skipped
}

/// One piece of evidence as collected, before redaction and storage.
public struct CollectedItem: Sendable, Equatable {
    public var kind: EvidenceKind
    /// Short and unique within the job: `uptime`, `/var/log/api.log.1.gz`, `query 1`, `alert HighErrorRate`.
    public var name: String
    /// The host it came from (`local` or an allow-listed name); nil for HTTP kinds.
    public var host: String?
    /// What was asked, for the manifest: e.g. `["query": …, "step": "15"]`, `["argv": …]`, `["url": …]`.
    public var request: [String: String]
    public var status: EvidenceStatus
    /// The exact error when status is not ok (a truncated item says what cap it hit).
    public var error: String?
    /// The content as text: log lines joined by newlines, command output, HTTP body.
    /// For metrics, empty: the series are the content.
    public var text: String
    /// Metrics only: the series as data.
    public var series: [MetricSeries]
    /// Logs only: the lines, each with its timestamp where the line had one.
    public var lines: [LogLine]
    /// Commands only: the exit status, when the process exited.
    public var exitCode: Int32?
    public var startedAt: Date
    public var finishedAt: Date

    public init(
        kind: EvidenceKind, name: String, host: String? = nil, request: [String: String], status: EvidenceStatus,
        error: String? = nil, text: String = "", series: [MetricSeries] = [], lines: [LogLine] = [],
        exitCode: Int32? = nil, startedAt: Date, finishedAt: Date
    ) {
        self.kind = kind
        self.name = name
        self.host = host
        self.request = request
        self.status = status
        self.error = error
        self.text = text
        self.series = series
        self.lines = lines
        self.exitCode = exitCode
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}

/// One Prometheus series over the window, kept as data so charts can be redrawn later.
public struct MetricSeries: Sendable, Equatable, Codable {
    /// The series' labels (`__name__` included when Prometheus returns it).
    public var labels: [String: String]
    /// `(unix seconds, value)`; NaN and ±Inf are kept as Prometheus sent them.
    public var points: [MetricPoint]
    public var query: String
    /// Seconds between points.
    public var step: Double
    /// The `query_range` URL that produced it (without credentials).
    public var sourceURL: String

    public init(labels: [String: String], points: [MetricPoint], query: String, step: Double, sourceURL: String) {
        self.labels = labels
        self.points = points
        self.query = query
        self.step = step
        self.sourceURL = sourceURL
    }
}

/// One sample.
public struct MetricPoint: Sendable, Equatable, Codable {
    public var t: Double
    public var v: Double

    public init(t: Double, v: Double) {
        self.t = t
        self.v = v
    }
}

/// One log line with where it came from.
public struct LogLine: Sendable, Equatable, Codable {
    /// The line's own timestamp; nil for continuation lines without one.
    public var timestamp: Date?
    public var text: String
    /// File path, `journal:<unit>` or the Loki stream's labels.
    public var source: String

    public init(timestamp: Date?, text: String, source: String) {
        self.timestamp = timestamp
        self.text = text
        self.source = source
    }
}
