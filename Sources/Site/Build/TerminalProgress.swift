import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Build progress on a terminal: one line on stderr, redrawn at most ten times a second.
public final class TerminalProgress: SiteBuildProgress, Sendable {
    /// When the line was last drawn, and whether one is on screen.
    private let state = Mutex((lastDraw: ContinuousClock.now - .seconds(1), drawn: false))
    private let write: @Sendable (String) -> Void

    /// Progress written through `write` (default: standard error).
    public init(write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.write = write
    }

    /// Whether standard error is a terminal.
    public static var standardErrorIsTerminal: Bool { isatty(2) == 1 }

    /// Redraws the progress line (throttled).
    public func update(done: Int, total: Int) {
        state.withLock { state in
            let now = ContinuousClock.now
            guard done == total || now - state.lastDraw >= .milliseconds(100) else { return }
            state = (now, true)
            let percent = total > 0 ? done * 100 / total : 100
            let width = 24
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            write("\r\u{1B}[2Ksite: \(bar) \(percent)% \(done)/\(total) pages")
        }
    }

    /// Clears the progress line.
    public func finish() {
        state.withLock { state in
            if state.drawn { write("\r\u{1B}[2K") }
            state.drawn = false
        }
    }
}
