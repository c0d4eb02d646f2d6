import ArgumentParser
import Foundation

/// `--from` and `--to`: a time window given on the command line, each side RFC 3339; each command's
/// description says what a side not given defaults to.
struct WindowOptions: ParsableArguments {
    @Option(help: "Window start, RFC 3339.")
    var from: String?

    @Option(help: "Window end, RFC 3339.")
    var to: String?

    /// Whether either side was given.
    var isGiven: Bool { from != nil || to != nil }

    /// The window; a side not given is `end`, or `start` of the window's end. Refused when it runs backwards.
    func window(start: (_ end: Date) throws -> Date, end: Date) throws -> DateInterval {
        let last = try to.map { try OptionTime.parse($0, "--to") } ?? end
        let first = try from.map { try OptionTime.parse($0, "--from") } ?? start(last)
        guard first <= last else { throw ValidationError("--from must not be after --to") }
        return DateInterval(start: first, end: last)
    }
}
