import AftermathCore
import Archive
import Foundation

extension CaptureRunner {
    /// Redacts an item and turns it into what the archive stores: every field, the name, the
    /// request, the error, the content, each line's source and each series' labels, query and URL.
    /// Its lines are `EvidenceText`'s lines of its content, so stored lines, `search`, the log
    /// viewer and its `#L` anchors agree. Its name, request and error are `StoredText.visible` (a NUL
    /// shows as U+FFFD); its content keeps every byte, and the archive indexes its lines likewise.
    func prepare(_ item: CollectedItem) -> NewEvidence {
        var redactions = 0
        let name = redactor.redact(StoredText.visible(item.name))
        redactions += name.count
        var request: [String: String] = [:]
        for (key, value) in item.request {
            let r = redactor.redact(StoredText.visible(value))
            request[StoredText.visible(key)] = r.text
            redactions += r.count
        }
        let error = item.error.map { redactor.redact(StoredText.visible($0)) }
        redactions += error?.count ?? 0
        let content: Data
        let contentType: String
        var lines: [LogLine] = []
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
                let url = redactor.redact(series.sourceURL)
                redactions += url.count
                s.sourceURL = url.text
                return s
            }
            content = (try? SeriesCodec.encode(series)) ?? Data("[]".utf8)
            contentType = "application/json"
        case .log:
            if item.lines.isEmpty {
                let r = redactor.redact(item.text)
                redactions += r.count
                content = Data(r.text.utf8)
            } else {
                // A multi-line message becomes one stored line per text line; then the lines are
                // redacted together (a private key spans lines) and stay one for one.
                let physical = EvidenceText.physicalLines(item.lines.map {
                    LogLine(timestamp: $0.timestamp, text: $0.text, source: $0.source)
                })
                let r = redactor.redact(lines: physical.map(\.text))
                redactions += r.count
                // Sources repeat (a file path, a Loki stream's labels): each distinct one is redacted once.
                var sources: [String: String] = [:]
                lines = EvidenceText.physicalLines(zip(physical, r.lines).map { line, text in
                    let source = sources[line.source] ?? {
                        let redacted = redactor.redact(line.source)
                        redactions += redacted.count
                        sources[line.source] = redacted.text
                        return redacted.text
                    }()
                    return LogLine(timestamp: line.timestamp, text: text, source: source)
                })
                content = Data(lines.map(\.text).joined(separator: "\n").utf8)
            }
            contentType = "text/plain; charset=utf-8"
        case .command, .http, .chat:
            let r = redactor.redact(item.text)
            redactions += r.count
            content = Data(r.text.utf8)
            contentType = "text/plain; charset=utf-8"
            let source = "\(item.kind.rawValue):\(name.text)" + (item.host.map { "@\($0)" } ?? "")
            lines = EvidenceText.lines(r.text).map { .init(timestamp: nil, text: String($0), source: source) }
        }
        return NewEvidence(
            kind: item.kind, name: name.text, host: item.host, request: request, status: item.status,
            error: error?.text, exitCode: item.exitCode, content: content, contentType: contentType, redactions: redactions,
            lines: lines, startedAt: item.startedAt, finishedAt: item.finishedAt)
    }
}
