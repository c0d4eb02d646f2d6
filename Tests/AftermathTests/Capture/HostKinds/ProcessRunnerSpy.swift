@testable import Capture
import Settings
import Foundation
import Synchronization

/// A `ProcessRunner` that starts nothing: it records each invocation and answers `outcome`.
final class ProcessRunnerSpy: ProcessRunner {
    private let calls = Mutex<[ProcessInvocation]>([])
    let outcome: ProcessOutcome

    init(outcome: ProcessOutcome = ProcessOutcome(exitCode: 0)) {
        self.outcome = outcome
    }

    /// Every invocation so far.
    var invocations: [ProcessInvocation] { calls.withLock { $0 } }

    func run(_ invocation: ProcessInvocation) async -> ProcessOutcome {
        calls.withLock { $0.append(invocation) }
        return outcome
    }
}

/// What the host-kind tests share.
enum HostKindFixtures {
    /// 2026-11-27T11:30:00Z … 11:50:00Z.
    static let window = DateInterval(start: date("2026-11-27T11:30:00Z"), end: date("2026-11-27T11:50:00Z"))

    static func date(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    static func context(
        _ collector: CollectorConfig, host: HostConfig?, window: DateInterval = window,
        timeout: TimeInterval = 20, maxBytes: Int = 1 << 20, maxLines: Int = 1000
    ) -> CaptureContext {
        CaptureContext(jobID: 1, incidentID: "INC-1", collector: collector, host: host, window: window, labels: [:], alerts: [],
                       timeout: timeout, maxBytes: maxBytes, maxLines: maxLines)
    }

    /// Process ids whose process group is `group` (from /proc).
    static func members(ofGroup group: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // fields: state ppid pgrp session …
            return fields.count > 3 && Int32(fields[2]) == group && fields[0] != "Z"
        }
    }
}
