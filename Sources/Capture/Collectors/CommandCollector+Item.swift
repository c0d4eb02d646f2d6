import Archive
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a command's outcome becomes an evidence item.
enum CommandItem {
    /// The marker between stdout and stderr in an item's text.
    static let stderrMarker = "--- stderr ---"

    static func make(name: String, outcome: ProcessOutcome, plan: CommandPlan, startedAt: Date, finishedAt: Date) -> CollectedItem {
        var stdout = outcome.stdout
        var note: String?
        if let keep = plan.keepLines {
            let lines = stdout.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count > keep + 1 || (lines.count == keep + 1 && !(lines.last?.isEmpty ?? true)) {
                stdout = lines.prefix(keep).joined(separator: "\n") + "\n"
                note = "kept the first \(keep) lines"
            }
        }
        var text = stdout
        if !outcome.stderr.isEmpty {
            if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
            text += stderrMarker + "\n" + outcome.stderr
        }
        var cut = false
        if text.utf8.count > plan.maxBytes {
            let bytes = Array(text.utf8.prefix(plan.maxBytes))
            text = String(decoding: bytes[..<CappedBuffer.characterBoundary(in: bytes)], as: UTF8.self)
            cut = true
        }

        let status: EvidenceStatus
        var error: String?
        let weKilledIt = outcome.truncated && outcome.signal == SIGKILL
        if outcome.launchError != nil {
            status = .failed
            error = outcome.launchError
        } else if outcome.timedOut {
            status = .timeout
            error = outcome.failureDescription(timeout: plan.timeout)
        } else if !weKilledIt, let failure = outcome.failureDescription(timeout: plan.timeout) {
            status = .failed
            error = failure
        } else if outcome.truncated || cut {
            status = .truncated
            error = "output over max_bytes (\(plan.maxBytes) bytes): kept the first \(plan.maxBytes) bytes"
        } else {
            status = .ok
        }
        var item = CollectedItem(header: EvidenceHeader(kind: .command, name: name, request: [:], status: status, error: error), text: text,
                                 exitCode: outcome.exitCode, startedAt: startedAt, finishedAt: finishedAt)
        if let note, status == .ok { item.request["note"] = note }
        return item
    }
}
