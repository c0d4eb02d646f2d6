import AftermathCore
import Archive
import Foundation

/// Reads moments out of captured evidence: first error lines, error bursts, threshold crossings.
public enum EvidenceMoments {
    /// Words that make a log line an error line (matched case-insensitively, as whole words;
    /// `exception` also as a suffix, for `NullPointerException`).
    public static let errorWords = ["error", "fatal", "panic", "panicked", "exception", "traceback", "critical", "crit", "emerg"]
    /// Substrings that pre-select candidate lines in SQL (`LIKE`), covering every error word.
    public static let errorTerms = ["error", "fatal", "panic", "exception", "traceback", "crit", "emerg"]

    /// One timestamped log line and the item it belongs to.
    public struct Line: Sendable, Equatable {
        /// The evidence item.
        public var evidenceID: String
        /// The log source (file path, journal unit, Loki stream).
        public var source: String
        /// When it happened.
        public var at: Date
        /// The line.
        public var text: String
    }

    /// Whether `text` reads as an error line (`LineSeverity`, the rule the site's tint uses too).
    public static func isErrorLine(_ text: String) -> Bool {
        LineSeverity.isError(text)
    }

    /// The error lines among `lines`, each once (overlapping captures store the same line twice;
    /// the first item that holds it is cited), in time order.
    public static func errorLines(_ lines: [Line]) -> [Line] {
        var seen: Set<String> = []
        var out: [Line] = []
        for line in lines where isErrorLine(line.text) {
            let key = "\(line.source)\u{0}\(line.at.timeIntervalSince1970)\u{0}\(line.text)"
            if seen.insert(key).inserted { out.append(line) }
        }
        return out.enumerated().sorted { a, b in
            a.element.at == b.element.at ? a.offset < b.offset : a.element.at < b.element.at
        }.map(\.element)
    }

    /// The first error line of each source.
    public static func firstErrors(_ errorLines: [Line], lineLimit: Int = 160) -> [DerivedMoment] {
        var seen: Set<String> = []
        var moments: [DerivedMoment] = []
        for line in errorLines where seen.insert(line.source).inserted {
            let bare = withoutLeadingTimestamp(line.text)
            let text = bare.count > lineLimit ? String(bare.prefix(lineLimit - 1)) + "…" : bare
            moments.append(DerivedMoment(at: line.at, kind: .firstError(source: line.source, line: text), evidenceID: line.evidenceID))
        }
        return moments
    }

    /// The line without its own leading RFC 3339 timestamp (the timeline shows the time already).
    static func withoutLeadingTimestamp(_ text: String) -> String {
        let trimmed = text.drop(while: { $0 == " " })
        guard let end = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }),
              (try? Timestamp.parse(String(trimmed[..<end]).trimmingCharacters(in: CharacterSet(charactersIn: "[]")))) != nil else {
            return text
        }
        return String(trimmed[end...].drop(while: { $0 == " " || $0 == "\t" }))
    }

    /// Bursts: at least `minimum` error lines of one source within `span` seconds. Each burst is
    /// reported once, at its first line, with every line that falls within `span` of it.
    public static func bursts(_ errorLines: [Line], minimum: Int = 10, span: TimeInterval = 60) -> [DerivedMoment] {
        var bySource: [String: [Line]] = [:]
        var order: [String] = []
        for line in errorLines {
            if bySource[line.source] == nil { order.append(line.source) }
            bySource[line.source, default: []].append(line)
        }
        var moments: [DerivedMoment] = []
        for source in order {
            let lines = bySource[source] ?? []
            var i = 0
            while i < lines.count {
                var j = i
                while j + 1 < lines.count, lines[j + 1].at.timeIntervalSince(lines[i].at) <= span { j += 1 }
                let count = j - i + 1
                if count >= minimum {
                    moments.append(DerivedMoment(
                        at: lines[i].at, kind: .errorBurst(source: source, count: count, span: span), evidenceID: lines[i].evidenceID))
                    i = j + 1
                } else {
                    i += 1
                }
            }
        }
        return moments
    }

    /// When the alert's own expression first met its threshold in the captured `series` (or first
    /// returned a value, when the threshold cannot be read from `expression`).
    public static func thresholdCrossing(alert: String, expression: String?, series: [MetricSeries], evidenceID: String) -> DerivedMoment? {
        let condition = expression.flatMap(AlertCondition.parse)
        var best: MetricPoint?
        for s in series {
            for point in s.points where point.v.isFinite && (condition?.holds(point.v) ?? true) {
                if best == nil || point.t < (best?.t ?? .infinity) { best = point }
                break
            }
        }
        guard let best else { return nil }
        return DerivedMoment(
            at: Date(timeIntervalSince1970: best.t),
            kind: .thresholdCrossed(alert: alert, condition: condition, value: best.v), evidenceID: evidenceID)
    }

    /// `HighErrorRate` from the metrics item name `alert HighErrorRate` or `alert HighErrorRate (2)`.
    public static func alertName(fromItemName name: String) -> String? {
        guard name.hasPrefix("alert ") else { return nil }
        var rest = String(name.dropFirst(6))
        if rest.hasSuffix(")"), let open = rest.lastIndex(of: "("), open > rest.startIndex,
           rest[rest.index(before: open)] == " ", rest[rest.index(after: open)..<rest.index(before: rest.endIndex)].allSatisfy(\.isNumber) {
            rest = String(rest[..<rest.index(before: open)])
        }
        return rest.isEmpty ? nil : rest
    }
}
