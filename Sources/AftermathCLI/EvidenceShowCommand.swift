import AftermathCore
import Archive
import ArgumentParser
import Foundation

/// `aftermath evidence show ITEM [--raw]`: one item, its provenance and its content.
struct EvidenceShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one evidence item (e.g. ev-12).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The evidence id, e.g. ev-12.")
    var item: String

    @Flag(help: "Print only the stored content, byte for byte.")
    var raw = false

    func run() async throws {
        let (config, database) = try global.openArchive()
        guard let (e, content) = try await database.evidenceItem(id: item) else {
            throw CLIError("no evidence item '\(item)' (see `aftermath evidence list INCIDENT`)")
        }
        if raw {
            FileHandle.standardOutput.write(content)
            return
        }
        print("\(e.id)  \(e.collector) / \(e.name)")
        print("incident   \(e.incidentID ?? "- (ad hoc)")")
        print("kind       \(e.kind)")
        print("host       \(e.host ?? "-")")
        print("asked      \(e.request)")
        print("window     \(Timestamp.format(e.windowStart)) → \(Timestamp.format(e.windowEnd))")
        print("status     \(e.status)\(e.error.map { ": \($0)" } ?? "")")
        if let code = e.exitCode { print("exit       \(code)") }
        print("size       \(e.size) bytes, \(e.lineCount) line(s), \(e.redactions) redaction(s)")
        print("sha256     \(e.sha256)")
        if let removed = e.contentRemovedAt {
            print("content    removed by retention on \(Timestamp.format(removed)) (\(e.contentRemovedBy ?? "retention")); hash, size and chain link kept")
            return
        }
        print("")
        if e.kind == .metrics {
            for line in Self.seriesLines(content) { print(line) }
        } else {
            print(TextTable.sanitizeBlock(String(decoding: content, as: UTF8.self)))
        }
    }

    /// One line per stored series (labels, point count, step, first and last sample), or
    /// `(no series)` when there is none; content that is not a series list says so.
    static func seriesLines(_ content: Data) -> [String] {
        guard let series = try? SeriesCodec.decode(content) else {
            return ["(content is not a stored series list; see --raw)"]
        }
        if series.isEmpty { return ["(no series)"] }
        func sample(_ point: MetricPoint?) -> String {
            point.map { "\(Timestamp.format(Date(timeIntervalSince1970: $0.t))) \($0.v)" } ?? "-"
        }
        return series.map { s in
            let labels = s.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",")
            return "{\(labels)}  \(s.points.count) points, step \(s.step)s; first \(sample(s.points.first)); last \(sample(s.points.last))"
        }
    }
}
