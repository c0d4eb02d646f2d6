import AftermathCore
import Foundation
import Synchronization

/// Waits for an operation at most until a deadline, even when the operation ignores cancellation.
///
/// A task group cannot do this: it always waits for its children, and a collector blocked in a
/// syscall (a `glob(3)` on a hung NFS mount, a read from a pipe a stray daemon keeps open) never
/// returns. So the operation runs in a task of its own — the one deliberate unstructured task
/// here — which is cancelled at the deadline and then abandoned: the caller goes on with `nil`.
enum HardDeadline {
    static func run<T: Sendable>(seconds: TimeInterval, _ operation: @escaping @Sendable () async -> T) async -> T? {
        let outcome = Outcome<T>()
        let task = Task { outcome.finish(await operation()) }
        defer { task.cancel() }
        return await withTaskGroup(of: T?.self) { group in
            group.addTask { await outcome.value() }
            group.addTask {
                try? await Task.sleep(for: .saturatingSeconds(seconds))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// The operation's result, awaited by at most one waiter that can give up (on cancellation).
    final class Outcome<T: Sendable>: Sendable {
        private enum State {
            case pending
            case waiting(CheckedContinuation<T?, Never>)
            case finished(T)
            case abandoned
        }

        private let state = Mutex(State.pending)

        func finish(_ value: T) {
            let waiter: CheckedContinuation<T?, Never>? = state.withLock { state in
                switch state {
                case .waiting(let continuation):
                    state = .finished(value)
                    return continuation
                case .pending:
                    state = .finished(value)
                    return nil
                case .finished, .abandoned:
                    return nil
                }
            }
            waiter?.resume(returning: value)
        }

        /// The value once finished; nil if the waiting task is cancelled first.
        func value() async -> T? {
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
                    let immediate: T?? = state.withLock { state in
                        switch state {
                        case .pending:
                            state = .waiting(continuation)
                            return .none
                        case .finished(let value):
                            return .some(value)
                        case .abandoned, .waiting:
                            return .some(nil)
                        }
                    }
                    if let immediate { continuation.resume(returning: immediate) }
                }
            } onCancel: {
                let waiter: CheckedContinuation<T?, Never>? = state.withLock { state in
                    switch state {
                    case .waiting(let continuation):
                        state = .abandoned
                        return continuation
                    case .pending:
                        state = .abandoned
                        return nil
                    case .finished, .abandoned:
                        return nil
                    }
                }
                waiter?.resume(returning: nil)
            }
        }
    }
}
