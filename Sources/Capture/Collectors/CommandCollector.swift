import AftermathCore
import Archive
import Foundation
import Settings

/// `kind: command`: runs diagnostics (the built-ins or the collector's templates) on
/// `context.host`, locally or over ssh, a few at a time. Reads `commands`, `timeout` and
/// `max_bytes` (already resolved into the context), each template's own `timeout`/`max_bytes`.
public struct CommandCollector: EvidenceCollector {
    /// What starts the processes.
    public let runner: any ProcessRunner
    /// Commands running at once within one run.
    public let parallelism: Int

    /// A collector running commands through `runner`, at most `parallelism` at once.
    public init(runner: any ProcessRunner, parallelism: Int = 4) {
        self.runner = runner
        self.parallelism = max(1, parallelism)
    }

    /// One item per command, in the order of the set.
    public func collect(_ context: CaptureContext) async -> [CollectedItem] {
        let clock = context.clock
        let started = clock.now()
        guard let host = context.host else {
            return [CollectedItem(header: EvidenceHeader(kind: .command, name: context.collector.name, request: [:], status: .failed,
                                  error: "no host: command collectors need an allow-listed host"), startedAt: started, finishedAt: clock.now())]
        }
        let plans = CommandPlan.plans(for: context.collector.commands, window: context.window,
                                      timeout: context.timeout, maxBytes: context.maxBytes)
        let hostRunner = HostRunner(host: host, runner: runner)
        return await withTaskGroup(of: (Int, CollectedItem).self) { group in
            var items: [(Int, CollectedItem)] = []
            var next = 0
            func startNext() {
                guard next < plans.count else { return }
                let index = next
                let plan = plans[index]
                next += 1
                group.addTask {
                    switch plan {
                    case .success(let plan): (index, await CommandCollector.run(plan, on: hostRunner, clock: clock))
                    case .failure(let refusal): (index, CommandCollector.refused(refusal, host: host.name, at: clock.now()))
                    }
                }
            }
            for _ in 0..<parallelism { startNext() }
            while let item = await group.next() {
                items.append(item)
                startNext()
            }
            return items.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Runs `plan`'s alternatives until one answers, and turns the last outcome into an item.
    static func run(_ plan: CommandPlan, on host: HostRunner, clock: any WallClock) async -> CollectedItem {
        let started = clock.now()
        var attempts: [(argv: [String], outcome: ProcessOutcome)] = []
        for argv in plan.alternatives {
            let outcome = await host.run(argv, timeout: plan.timeout, maxBytes: plan.maxBytes)
            attempts.append((argv, outcome))
            if !CommandPlan.needsFallback(outcome) { break }
        }
        guard let last = attempts.last else {
            return refused(CommandTemplateError(name: plan.name, reason: "no command to run"), host: host.host.name, at: clock.now())
        }
        var request = host.host.requestFields
        request["argv"] = ShellQuote.display(last.argv)
        if attempts.count > 1 {
            request["tried"] = attempts.dropLast().map { attempt in
                ShellQuote.display(attempt.argv) + " → " + (attempt.outcome.failureDescription(timeout: plan.timeout) ?? "no journal")
            }.joined(separator: "; ")
        }
        var item = CommandItem.make(name: plan.name, outcome: last.outcome, plan: plan, startedAt: started, finishedAt: clock.now())
        item.host = host.host.name
        item.request.merge(request) { _, new in new }
        return item
    }

    static func refused(_ refusal: CommandTemplateError, host: String, at now: Date) -> CollectedItem {
        CollectedItem(header: EvidenceHeader(kind: .command, name: refusal.name, host: host, request: ["host": host], status: .failed,
                             error: refusal.description), startedAt: now, finishedAt: now)
    }
}
