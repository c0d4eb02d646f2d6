import Synchronization

/// Wakes one background loop when something changed, instead of it waiting out its next poll.
///
/// Pokes collapse into one pending wake-up. A wait ends on a poke (or one already pending), on its
/// timeout, on `stop()`, or as soon as the waiting task is cancelled, so a graceful shutdown never
/// waits out a long sleep. `poke()` is synchronous and never blocks: intake hooks call it from
/// inside a database transaction. One loop waits at a time.
public final class Wakeups: Sendable {
    /// Why a wait ended.
    public enum Outcome: Sendable, Equatable {
        case poked, timedOut, stopped, cancelled
    }

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Outcome, Never>
    }

    private struct State {
        var pending = false
        var stopped = false
        var waiter: Waiter?
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Nothing pending, not stopped.
    public init() {}

    /// Something changed: the loop should look now.
    public func poke() {
        let waiter = state.withLock { state -> Waiter? in
            guard !state.stopped else { return nil }
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.continuation.resume(returning: .poked)
    }

    /// Ends the current wait and every later one at once (a service shutting down).
    public func stop() {
        let waiter = state.withLock { state -> Waiter? in
            state.stopped = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.continuation.resume(returning: .stopped)
    }

    /// Whether `stop()` was called.
    public var isStopped: Bool { state.withLock { $0.stopped } }

    /// Waits for a poke, at most `timeout`; `sleep` is injectable for tests.
    @discardableResult
    public func wait(
        timeout: Duration, sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) async -> Outcome {
        await withTaskGroup(of: Outcome.self) { group in
            group.addTask { await self.nextPoke() }
            group.addTask {
                do {
                    try await sleep(timeout)
                    return .timedOut
                } catch {
                    return .cancelled
                }
            }
            var outcome = await group.next() ?? .cancelled
            group.cancelAll()
            // A poke that raced the timer still counts: it must not be lost.
            for await other in group where other == .poked || other == .stopped {
                if outcome != .stopped { outcome = other }
            }
            return outcome
        }
    }

    /// Seconds-based `wait`, for loops that compute their pause as a `TimeInterval`.
    @discardableResult
    public func wait(seconds: Double) async -> Outcome {
        await wait(timeout: .saturatingSeconds(seconds))
    }

    private func nextPoke() async -> Outcome {
        let id = state.withLock { state -> UInt64 in
            state.nextID &+= 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now = state.withLock { state -> Outcome? in
                    if state.stopped { return .stopped }
                    if state.pending {
                        state.pending = false
                        return .poked
                    }
                    if Task.isCancelled { return .cancelled }
                    state.waiter = Waiter(id: id, continuation: continuation)
                    return nil
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let waiter = state.waiter, waiter.id == id else { return nil }
                state.waiter = nil
                return waiter
            }
            waiter?.continuation.resume(returning: .cancelled)
        }
    }
}
