import AftermathCore
import Foundation
import Testing

/// The one wake-up type the capture worker, the postmortem scheduler, the site service and the
/// intake committer wait on: pokes collapse, none is lost, and a wait ends on cancellation or stop.
@Suite("Wake-ups", .timeLimit(.minutes(1)))
struct WakeupsTests {
    /// A timer that never fires by itself (only cancellation ends it).
    static let never: @Sendable (Duration) async throws -> Void = { _ in try await Task.sleep(for: .seconds(3600)) }
    /// A timer that fires at once.
    static let atOnce: @Sendable (Duration) async throws -> Void = { _ in }

    @Test("Pokes before a wait collapse into one wake-up; the next wait times out")
    func pokesCollapse() async {
        let wakeups = Wakeups()
        for _ in 0..<5 { wakeups.poke() }
        #expect(await wakeups.wait(timeout: .seconds(1), sleep: Self.never) == .poked)
        #expect(await wakeups.wait(timeout: .seconds(1), sleep: Self.atOnce) == .timedOut)
    }

    @Test("A poke while a loop waits wakes it")
    func pokeWhileWaiting() async {
        let wakeups = Wakeups()
        let waiting = Task { await wakeups.wait(timeout: .seconds(3600), sleep: Self.never) }
        wakeups.poke()
        #expect(await waiting.value == .poked)
    }

    @Test("Cancelling the waiting task ends its wait at once, without a poke")
    func cancellationEndsWait() async {
        let wakeups = Wakeups()
        let waiting = Task { await wakeups.wait(timeout: .seconds(3600), sleep: Self.never) }
        waiting.cancel()
        let outcome = await waiting.value
        #expect(outcome == .cancelled)
    }

    @Test("stop() ends the current wait and every later one")
    func stopEndsWaits() async {
        let wakeups = Wakeups()
        let waiting = Task { await wakeups.wait(timeout: .seconds(3600), sleep: Self.never) }
        wakeups.stop()
        #expect(await waiting.value == .stopped)
        wakeups.poke()
        #expect(await wakeups.wait(timeout: .seconds(3600), sleep: Self.never) == .stopped)
        #expect(wakeups.isStopped)
    }

    @Test("A loop's pause: until the next due time, never below 50 ms nor above its poll interval; the poll interval when nothing is due")
    func pauseUntilDue() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(Wakeups.pause(until: nil, now: now, atMost: 5) == 5)
        #expect(Wakeups.pause(until: now.addingTimeInterval(2), now: now, atMost: 5) == 2)
        #expect(Wakeups.pause(until: now.addingTimeInterval(60), now: now, atMost: 5) == 5)
        #expect(Wakeups.pause(until: now.addingTimeInterval(-30), now: now, atMost: 5) == 0.05)
    }
}
