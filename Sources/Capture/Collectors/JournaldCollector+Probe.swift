/// Reads journalctl's words about missing journals.
enum JournalProbe {
    /// The message when journalctl has no journal it may read, else nil.
    static func missingJournal(_ outcome: ProcessOutcome) -> String? {
        if let launchError = outcome.launchError { return launchError }
        let lines = outcome.stderr.split(whereSeparator: \.isNewline).map(String.init)
        if let line = lines.first(where: { $0.contains("No journal files were") }) { return line }
        if outcome.exitCode != 0 { return outcome.failureDescription(timeout: 0) }
        return nil
    }
}
