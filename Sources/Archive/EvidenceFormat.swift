import Foundation
import GRDB

// The stored evidence format: what an item is, how collecting it went, and the data a metrics or
// log item holds. The archive owns it because it is what the archive stores; collectors produce it
// and the postmortem and site read it, and neither needs Capture for that.

/// What kind of evidence an item is.
public enum EvidenceKind: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    /// Prometheus series (stored as data, redrawn as charts).
    case metrics
    /// Log lines (file, journald, Loki), each with its own timestamp where known.
    case log
    /// A diagnostic command's output.
    case command
    /// An HTTP response body.
    case http
    /// A chat transcript (`aftermath import slack`): one line per message, each with its time (v8).
    case chat
}

/// How collecting an item went.
public enum EvidenceStatus: String, Sendable, Codable, CaseIterable, DatabaseValueConvertible {
    case ok, failed, timeout, truncated, skipped

    /// `["7 ok", "2 failed"]`: how many items ended in each status, in a fixed order, zeros left out.
    public static func tally(_ statuses: [EvidenceStatus]) -> [String] {
        var counts: [EvidenceStatus: Int] = [:]
        for status in statuses { counts[status, default: 0] += 1 }
        return [.ok, .truncated, .failed, .timeout, .skipped].compactMap { s in counts[s].map { "\($0) \(s.rawValue)" } }
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

/// The one codec for a metrics item's content: JSON with NaN and ±Inf as the strings Prometheus
/// uses (`"NaN"`, `"+Inf"`, `"-Inf"`), which plain JSON cannot hold. Every writer and reader goes
/// through here, so a series with a gap or an overflow reads back as it was stored.
public enum SeriesCodec {
    /// The stored bytes of `series` (keys sorted, so equal series store equal bytes).
    public static func encode(_ series: [MetricSeries]) throws -> Data {
        try encoder.encode(series)
    }

    /// The series in stored `content`; throws when it is not a stored series list.
    public static func decode(_ content: Data) throws -> [MetricSeries] {
        try SeriesJSONReader.read(content) ?? decoder.decode([MetricSeries].self, from: content)
    }

    private static let positiveInfinity = "+Inf", negativeInfinity = "-Inf", nan = "NaN"

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: positiveInfinity, negativeInfinity: negativeInfinity, nan: nan)
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: positiveInfinity, negativeInfinity: negativeInfinity, nan: nan)
        return decoder
    }()
}
