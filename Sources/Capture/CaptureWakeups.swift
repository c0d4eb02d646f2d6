import AftermathCore
import Foundation

/// Wakes the capture worker when new jobs are planned, instead of waiting for its next poll.
public actor CaptureWakeups {
    private var pending = false
    private var waiter: (id: UInt64, continuation: CheckedContinuation<Void, Never>)?
    private var nextID: UInt64 = 0

    public init() {}

    /// Something changed: the worker should look for jobs now.
    public func poke() {
        if let waiter {
            self.waiter = nil
            waiter.continuation.resume()
        } else {
            pending = true
        }
    }

    /// A poke usable from synchronous code (intake hooks).
    public nonisolated func pokeLater() {
        Task { await self.poke() }
    }

    /// Returns after a poke or after `timeout` seconds, whichever comes first.
    public func wait(timeout: TimeInterval) async {
        if pending {
            pending = false
            return
        }
        nextID += 1
        let id = nextID
        let timer = Task { [weak self] in
            try? await Task.sleep(nanoseconds: timeout.sleepNanoseconds)
            await self?.fire(id)
        }
        await withCheckedContinuation { continuation in
            waiter = (id, continuation)
        }
        timer.cancel()
    }

    private func fire(_ id: UInt64) {
        guard let waiter, waiter.id == id else { return }
        self.waiter = nil
        waiter.continuation.resume()
    }
}

/// Counts collector runs per host so one host is never hit by more than `limit` at once.
actor HostSlots {
    private let limit: Int
    private var inUse: [String: Int] = [:]
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    func acquire(_ host: String) async {
        if inUse[host, default: 0] < limit {
            inUse[host, default: 0] += 1
            return
        }
        await withCheckedContinuation { waiting[host, default: []].append($0) }
    }

    func release(_ host: String) {
        if var queue = waiting[host], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[host] = queue
            next.resume()  // the slot passes straight to the next waiter
        } else {
            inUse[host, default: 1] -= 1
        }
    }

    /// The most runs ever seen at once per host (for tests of the limit).
    private(set) var peak: [String: Int] = [:]

    func record(_ host: String) {
        peak[host] = max(peak[host] ?? 0, inUse[host] ?? 0)
    }
}
