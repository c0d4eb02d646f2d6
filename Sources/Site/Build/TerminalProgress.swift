import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Build progress on a terminal: one line on stderr, redrawn at most ten times a second.
public final class TerminalProgress: SiteBuildProgress, @unchecked Sendable {
    private let lock = NSLock()
    private var lastDraw = ContinuousClock.now - .seconds(1)
    private var drawn = false
    private let write: @Sendable (String) -> Void

    /// Progress written through `write` (default: standard error).
    public init(write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.write = write
    }

    /// Whether standard error is a terminal.
    public static var standardErrorIsTerminal: Bool { isatty(2) == 1 }

    /// Redraws the progress line (throttled).
    public func update(done: Int, total: Int) {
        lock.withLock {
            let now = ContinuousClock.now
            guard done == total || now - lastDraw >= .milliseconds(100) else { return }
            lastDraw = now
            drawn = true
            let percent = total > 0 ? done * 100 / total : 100
            let width = 24
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
            write("\r\u{1B}[2Ksite: \(bar) \(percent)% \(done)/\(total) pages")
        }
    }

    /// Clears the progress line.
    public func finish() {
        lock.withLock {
            if drawn { write("\r\u{1B}[2K") }
            drawn = false
        }
    }
}
