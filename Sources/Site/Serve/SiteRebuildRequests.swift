import Foundation

/// Rebuild requests for the site service: pokes collapse into one pending request.
public actor SiteRebuildRequests {
    private var pending = false
    private var waiter: (id: UInt64, continuation: CheckedContinuation<Bool, Never>)?
    private var nextID: UInt64 = 0
    private(set) var stopped = false

    /// No request pending.
    public init() {}

    /// Something changed: the site should be rebuilt.
    public func poke() {
        if let waiter {
            self.waiter = nil
            waiter.continuation.resume(returning: true)
        } else {
            pending = true
        }
    }

    /// A poke usable from synchronous code (intake hooks run inside a database transaction).
    public nonisolated func pokeLater() {
        Task { await self.poke() }
    }

    /// True after a poke (or one already pending), false once `timeout` passed without one.
    func wait(timeout: Duration, sleep: @escaping @Sendable (Duration) async throws -> Void) async -> Bool {
        if stopped { return false }
        if pending {
            pending = false
            return true
        }
        nextID += 1
        let id = nextID
        let timer = Task { [weak self] in
            try? await sleep(timeout)
            await self?.expire(id)
        }
        let poked = await withCheckedContinuation { continuation in
            waiter = (id, continuation)
        }
        timer.cancel()
        return poked
    }

    /// Stops the service: the current and every later wait return at once.
    func stop() {
        stopped = true
        if let waiter {
            self.waiter = nil
            waiter.continuation.resume(returning: false)
        }
    }

    private func expire(_ id: UInt64) {
        guard let waiter, waiter.id == id else { return }
        self.waiter = nil
        waiter.continuation.resume(returning: false)
    }
}
