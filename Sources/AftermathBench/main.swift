import AftermathCore
import Archive
import Foundation
import Redaction
import Settings

// aftermath-bench: measures the archive's evidence path on synthetic input (see bench/ingest.sh).
//
//   aftermath-bench ingest CSV ARCHIVE [--lines-per-item N] [--no-redact]
//       stores every line of CSV (gen_logs.py: ts,source,host,line) as log evidence through the
//       same storeEvidence transaction the capture worker uses (redaction first, unless
//       --no-redact), and prints lines/s once every line is searchable.
//   aftermath-bench query ARCHIVE WORD...
//       median FTS latency over 20 runs of `search WORD` (newest 50).
//   aftermath-bench site-engines ARCHIVE WORK [--runs N] [--templates DIR]
//       the same full site built with the compiled template subset and with swift-mustache
//       (see bench/site_engines.sh and SiteEngines.swift).

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("aftermath-bench: \(message)\n".utf8))
    exit(2)
}

func readLines(_ path: String) -> [(Date?, String, String)] {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    var rows: [(Date?, String, String)] = []
    rows.reserveCapacity(1_000_000)
    for raw in data.split(separator: UInt8(ascii: "\n")) {
        // ts,source,host,line — the line may itself hold commas (and CSV quoting).
        var fields: [Substring] = []
        var rest = Substring(decoding: raw, as: UTF8.self)
        for _ in 0..<3 {
            guard let comma = rest.firstIndex(of: ",") else { break }
            fields.append(rest[..<comma])
            rest = rest[rest.index(after: comma)...]
        }
        guard fields.count == 3 else { continue }
        var line = String(rest)
        if line.hasPrefix("\""), line.hasSuffix("\"") {
            line = String(line.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
        }
        let ts = (try? Timestamp.parse(String(fields[0]))) ?? nil
        rows.append((ts, "\(fields[1])@\(fields[2])", line))
    }
    return rows
}

/// User plus system CPU time of this process so far (on a shared machine, steadier than wall time).
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

func ingest(_ args: [String]) async throws {
    guard args.count >= 2 else { fail("usage: ingest CSV ARCHIVE [--lines-per-item N] [--no-redact]") }
    let perItem = args.firstIndex(of: "--lines-per-item").flatMap { Int(args[$0 + 1]) } ?? 10_000
    let redact = !args.contains("--no-redact")
    let rows = readLines(args[0])
    let database = try AppDatabase(directory: args[1])
    let redactor = try Redactor()
    let now = Date()
    let chunks = stride(from: 0, to: rows.count, by: perItem).map { Array(rows[$0..<min($0 + perItem, rows.count)]) }
    let start = Date()
    let cpuStart = cpuSeconds()
    let captureID = try await database.createCapture(PlannedCapture(
        incidentID: nil, kind: .manual, window: DateInterval(start: now - 3600, end: now), labels: [:], alertsJSON: "[]",
        requestedBy: "bench", requestedAt: now, runAfter: now, maxAttempts: 1,
        jobs: chunks.indices.map { .init(collector: "bench-\($0)", host: "local") }))
    var redactions = 0
    var storing: TimeInterval = 0
    while true {
        let claimed = try await database.claimJobs(now: Date(), limit: 1, lease: 600, only: captureID).claimed
        guard let job = claimed.first else { break }
        let index = Int(job.job.collector.dropFirst("bench-".count))!
        var lines: [LogLine] = []
        lines.reserveCapacity(perItem)
        var texts: [String] = []
        texts.reserveCapacity(perItem)
        for (ts, source, text) in chunks[index] {
            let clean = redact ? redactor.redact(text) : Redacted(text: text, count: 0, rules: [:])
            redactions += clean.count
            lines.append(LogLine(timestamp: ts, text: clean.text, source: source))
            texts.append(clean.text)
        }
        let item = NewEvidence(
            kind: .log, name: "bench-\(index).log", host: "local", request: ["path": "bench"], status: .ok, error: nil,
            exitCode: nil, content: Data(texts.joined(separator: "\n").utf8), contentType: "text/plain", redactions: redactions,
            lines: lines, startedAt: now, finishedAt: now)
        let storeStart = Date()
        _ = try await database.storeEvidence(jobID: job.job.id, leaseToken: job.job.leaseToken!, items: [item], now: Date())
        storing += Date().timeIntervalSince(storeStart)
    }
    let seconds = Date().timeIntervalSince(start)
    let cpu = cpuSeconds() - cpuStart
    let searchable = try await database.search("deadlock", limit: 1).count
    print(String(format: "RESULT lines=%d seconds=%.3f lines_per_s=%.0f store_seconds=%.3f cpu_seconds=%.3f items=%d redact=%@ redactions=%d searchable_probe=%d",
                 rows.count, seconds, Double(rows.count) / seconds, storing, cpu, chunks.count, redact ? "yes" : "no", redactions, searchable))
}

func query(_ args: [String]) async throws {
    guard args.count >= 2 else { fail("usage: query ARCHIVE WORD...") }
    let database = try AppDatabase(directory: args[0])
    for word in args.dropFirst() {
        var times: [Double] = []
        var hits = 0
        for _ in 0..<20 {
            let t = Date()
            hits = try await database.search(word, limit: 50).count
            times.append(Date().timeIntervalSince(t) * 1000)
        }
        times.sort()
        print(String(format: "RESULT query=%@ hits=%d median_ms=%.3f p90_ms=%.3f", word, hits, times[10], times[17]))
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "ingest": try await ingest(Array(arguments.dropFirst()))
case "query": try await query(Array(arguments.dropFirst()))
case "site-engines": try await siteEngines(Array(arguments.dropFirst()))
default: fail("usage: aftermath-bench ingest|query|site-engines …")
}
