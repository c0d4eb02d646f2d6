import AftermathCore
import Foundation

/// Wakes the postmortem scheduler when a due time changes, instead of waiting for its next poll.
/// A wait ends on a poke, on its timeout, or as soon as the waiting task is cancelled (so a
/// graceful shutdown never waits out a long sleep).
public actor PostmortemWakeups {
    private var pending = false
    private var waiter: (id: UInt64, continuation: CheckedContinuation<Void, Never>)?
    private var nextID: UInt64 = 0

    public init() {}

    /// Something changed: the scheduler should look now.
    public func poke() {
        if !resume(nil) { pending = true }
    }

    /// A poke usable from synchronous code (intake hooks).
    public nonisolated func pokeLater() {
        Task { await self.poke() }
    }

    /// Returns after a poke, after `timeout` seconds, or when the calling task is cancelled.
    public func wait(timeout: TimeInterval) async {
        if pending || Task.isCancelled {
            pending = false
            return
        }
        nextID += 1
        let id = nextID
        let timer = Task { [weak self] in
            try? await Task.sleep(nanoseconds: timeout.sleepNanoseconds)
            await self?.fire(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled {
                    continuation.resume()
                } else {
                    waiter = (id, continuation)
                }
            }
        } onCancel: {
            Task { await self.fire(id) }
        }
        timer.cancel()
    }

    private func fire(_ id: UInt64) {
        _ = resume(id)
    }

    /// Resumes the waiter (only the one with `id`, when given); whether there was one.
    private func resume(_ id: UInt64?) -> Bool {
        guard let waiter, id == nil || waiter.id == id else { return false }
        self.waiter = nil
        waiter.continuation.resume()
        return true
    }
}
