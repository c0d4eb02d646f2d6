import Foundation
import Site
import Synchronization
import Testing

/// `site build`'s progress line on a terminal: drawn, finished at 100%, and cleared once.
@Suite("Site: terminal progress line")
struct TerminalProgressTests {
    @Test("the first and the last update are drawn, finish clears the line once, and a second finish writes nothing")
    func drawsAndClears() {
        let written = Mutex<[String]>([])
        let progress = TerminalProgress { text in written.withLock { $0.append(text) } }
        progress.update(done: 1, total: 4)
        progress.update(done: 2, total: 4)
        progress.update(done: 4, total: 4)
        progress.finish()
        progress.finish()
        let lines = written.withLock { $0 }
        #expect(lines.first == "\r\u{1B}[2Ksite: ██████·················· 25% 1/4 pages")
        // The middle update may or may not be drawn (at most ten redraws a second); the last always is.
        #expect(lines.dropLast().last == "\r\u{1B}[2Ksite: ████████████████████████ 100% 4/4 pages")
        #expect(lines.last == "\r\u{1B}[2K")
        #expect(lines.count <= 4)
        #expect(lines.filter { $0 == "\r\u{1B}[2K" }.count == 1)
    }
}
