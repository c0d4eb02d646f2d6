import AftermathCore
import Archive
import ArgumentParser
import Foundation
import LineRegex

/// `search --regex`: the options, and the run that compiles the pattern, scans within the time
/// budget and reports a partial result as a failure (after printing what it found).
struct RegexSearchOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A regular expression (grep -E syntax, plus \\d \\w \\s) over each line, instead of words.",
        valueName: "pattern"))
    var regex: String?

    @Option(help: "Only evidence from this collector (with --regex).")
    var collector: String?

    @Flag(name: [.customShort("i"), .long], help: "Ignore ASCII case (with --regex).")
    var ignoreCase = false

    @Option(help: "Give up after this long, showing what was found (with --regex; e.g. 500ms, 30s).")
    var timeout: String?

    /// The regex-only options given without --regex.
    var onlyWithRegex: [String] {
        [collector.map { _ in "--collector" }, ignoreCase ? "--ignore-case" : nil, timeout.map { _ in "--timeout" }].compactMap { $0 }
    }

    /// The budget when --timeout is not given.
    static let defaultBudget: TimeInterval = 10

    func run(database: AppDatabase, incident: String?, limit: Int, json: Bool) async throws {
        guard let regex else { return }
        let pattern: LinePattern
        do {
            pattern = try LinePattern(regex, ignoreCase: ignoreCase)
        } catch {
            throw CLIError("--regex '\(regex)': \(error)")
        }
        var budget = Self.defaultBudget
        if let timeout {
            do { budget = try DurationText.parse(timeout) } catch { throw ValidationError("--timeout: \(error.description)") }
        }
        let outcome: RegexSearchOutcome
        do {
            outcome = try await database.regexSearch(
                pattern, incidentID: incident, collector: collector, limit: limit, budget: .milliseconds(Int64(budget * 1000)))
        } catch {
            throw CLIError("search --regex '\(regex)': \(error)")
        }
        try SearchCommand.print(outcome.hits, json: json, none: "no lines match \(regex)")
        if let total = outcome.truncatedOf {
            throw CLIError("search --regex stopped at its \(DurationText.format(budget)) time budget after scanning \(outcome.scanned) of "
                + "\(total) candidate lines: the \(outcome.hits.count) match(es) shown are partial. "
                + "Narrow it with --incident or --collector, or allow more with --timeout.")
        }
    }
}
