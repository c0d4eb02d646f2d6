import Archive
import Foundation
import Settings

/// `kind: journald`: the systemd journal over the window, as one item, via
/// `journalctl -o json` on `context.host` (locally, or over ssh). Reads `unit`, `max_lines`,
/// `max_bytes` and `timeout` (resolved into the context).
///
/// journalctl's `-n` keeps the newest entries, so when the window holds more than `max_lines`
/// the item keeps the last `max_lines` of it and says so.
public struct JournaldCollector: EvidenceCollector {
    /// Which journal journalctl reads.
    public enum Source: Sendable, Equatable {
        /// The host's system journal (journalctl's default).
        case system
        /// `--directory=<path>`: a journal directory (tests use one they wrote themselves).
        case directory(String)
    }

    /// What starts the processes.
    public let runner: any ProcessRunner
    /// Which journal to read; `.system` except in tests.
    public let source: Source

    /// A collector reading `source` through `runner`.
    public init(runner: any ProcessRunner, source: Source = .system) {
        self.runner = runner
        self.source = source
    }

    /// The journalctl argv for `context`.
    public func argv(for context: CaptureContext) -> [String] {
        var argv = ["journalctl", "-o", "json", "--no-pager", "--utc",
                    "--since", WindowPlaceholders.journalTime(context.window.start),
                    "--until", WindowPlaceholders.journalTime(context.window.end.addingTimeInterval(1))]
        if case .directory(let path) = source { argv.append("--directory=\(path)") }
        if let unit = context.collector.unit { argv.append("--unit=\(unit)") }
        argv += ["-n", String(max(1, context.maxLines) + 1)]
        return argv
    }

    /// One item named after the unit (or `journal`), kind `.log`.
    public func collect(_ context: CaptureContext) async -> [CollectedItem] {
        let started = context.clock.now()
        let name = context.collector.unit.map { "journal:\($0)" } ?? "journal"
        guard let host = context.host else {
            return [CollectedItem(header: EvidenceHeader(kind: .log, name: name, request: [:], status: .failed,
                                  error: "no host: journald collectors need an allow-listed host"), startedAt: started, finishedAt: context.clock.now())]
        }
        let argv = argv(for: context)
        var request = host.requestFields
        request["argv"] = ShellQuote.display(argv)
        var item = CollectedItem(header: EvidenceHeader(kind: .log, name: name, host: host.name, request: request, status: .ok),
                                 startedAt: started, finishedAt: started)

        let hostRunner = HostRunner(host: host, runner: runner)
        let reader = StreamingJournalReader(window: context.window, source: name, maxLines: context.maxLines, maxBytes: context.maxBytes)
        let outcome = await hostRunner.stream(argv, timeout: context.timeout, maxBytes: 64 << 10) { reader.consume($0) }
        let result = reader.finish()
        guard item.keepStreamed(lines: result.lines, text: result.text, outcome: outcome, at: context.clock.now()) else { return [item] }

        if outcome.timedOut {
            item.status = .timeout
            item.error = "journalctl: timed out after \(ProcessOutcome.seconds(context.timeout)); kept \(result.lines.count) entries read before"
        } else if let bytesCap = result.bytesCap {
            item.status = .truncated
            item.error = "max_bytes reached: kept the first \(bytesCap) bytes of entries"
        } else if let failure = outcome.failureDescription(timeout: context.timeout) {
            item.status = .failed
            item.error = "journalctl: \(failure)"
        } else if result.entries > context.maxLines {
            item.status = .truncated
            item.error = "max_lines reached: the window holds more than \(context.maxLines) entries; kept the last \(context.maxLines)"
            item.lines.removeFirst(item.lines.count - context.maxLines)
            item.text = item.lines.map(\.text).joined(separator: "\n")
        } else if result.entries == 0 {
            // journalctl -o json says nothing when there is no journal at all: ask it in words.
            let probe = await hostRunner.run(probeArgv(), timeout: context.timeout, maxBytes: 64 << 10)
            if let message = JournalProbe.missingJournal(probe) {
                item.status = .failed
                item.error = "journalctl: \(message)"
            }
        }
        if result.unparsed > 0 { item.request["unparsed_lines"] = String(result.unparsed) }
        return [item]
    }

    /// `journalctl -n 0 --no-pager [--directory=…]`: prints "No journal files were found." (or
    /// "…opened due to insufficient permissions") on stderr when it has nothing to read.
    func probeArgv() -> [String] {
        var argv = ["journalctl", "--no-pager", "-n", "0"]
        if case .directory(let path) = source { argv.append("--directory=\(path)") }
        return argv
    }
}
