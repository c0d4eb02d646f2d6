import Foundation
import Settings

/// One diagnostic ready to run: fixed argv alternatives (the first that works wins), its limits,
/// and how much of its output to keep.
public struct CommandPlan: Sendable, Equatable {
    /// The evidence item's name (`uptime`, `processes-by-cpu`, a template's `name`).
    public var name: String
    /// Argv to try in order; the next is tried only when one cannot answer (see `needsFallback`).
    public var alternatives: [[String]]
    /// Seconds per attempt.
    public var timeout: TimeInterval
    /// Cap on the output, in bytes.
    public var maxBytes: Int
    /// Keep only the first lines of stdout (e.g. the top of a process list), or all when nil.
    public var keepLines: Int?

    /// Whether an attempt could not answer and the next alternative should be tried: it did not
    /// start, exited non-zero, or journalctl found no journal it may read (it exits 0 then).
    static func needsFallback(_ outcome: ProcessOutcome) -> Bool {
        if outcome.timedOut { return false }
        if outcome.launchError != nil || outcome.exitCode != 0 { return true }
        return outcome.stderr.contains("No journal files were")
    }

    /// The plans for a collector's `commands`: the built-ins, or each template with its window
    /// placeholders filled in. A template using any other placeholder is refused by name.
    static func plans(
        for commands: CommandSet, window: DateInterval, timeout: TimeInterval, maxBytes: Int
    ) -> [Result<CommandPlan, CommandTemplateError>] {
        switch commands {
        case .builtIn:
            return BuiltInDiagnostics.plans(window: window, timeout: timeout, maxBytes: maxBytes).map { .success($0) }
        case .templates(let templates):
            return templates.map { template in
                WindowPlaceholders.expand(template.argv, window: window).map { argv in
                    CommandPlan(name: template.name, alternatives: [argv], timeout: template.timeout ?? timeout,
                                maxBytes: template.maxBytes ?? maxBytes)
                }.mapError { CommandTemplateError(name: template.name, reason: $0.reason) }
            }
        }
    }
}
