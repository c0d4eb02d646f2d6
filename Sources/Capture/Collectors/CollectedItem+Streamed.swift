import Archive
import Foundation

extension CollectedItem {
    /// Takes what a streamed log read kept (its lines and their text), finished at `now`. When the
    /// reader never started, the item fails with the launch error and this returns false: the
    /// caller's checks of the read (time limit, caps, exit status) are then moot.
    mutating func keepStreamed(lines: [LogLine], text: String, outcome: ProcessOutcome, at now: Date) -> Bool {
        self.lines = lines
        self.text = text
        finishedAt = now
        guard let launchError = outcome.launchError else { return true }
        self.status = .failed
        self.error = launchError
        return false
    }
}
