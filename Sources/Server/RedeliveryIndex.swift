import Synchronization

/// Remembers, for recently handled requests, the dedup key (in its stored form) their delivery
/// got, so that a redelivery of the same request is recognised before its body is redacted or
/// parsed: one indexed lookup of that key then answers it.
///
/// Keyed by `WebhookRequest.fingerprint`, a SHA-256 of everything the parser and the redactor
/// see (source, path token, every header, the raw body): the same request yields the same key,
/// because redaction and parsing depend on nothing else (the configuration is fixed while the
/// server runs). Memory only: a
/// restart forgets it, and a request not found here goes the full way. The index never answers
/// alone: a key is a duplicate only while the archive still stores it.
final class RedeliveryIndex: Sendable {
    /// The most requests remembered; the oldest is forgotten first.
    let capacity: Int
    private let state: Mutex<State>

    private struct State {
        var keys: [String: String] = [:]
        /// Insertion order, a ring of `capacity` slots.
        var order: [String] = []
        var next = 0
    }

    init(capacity: Int = 8192) {
        self.capacity = max(1, capacity)
        state = Mutex(State())
    }

    /// The stored-form dedup key the request with `fingerprint` got, if remembered.
    func dedupKey(for fingerprint: String) -> String? {
        state.withLock { $0.keys[fingerprint] }
    }

    /// Remembers that the request with `fingerprint` has the (stored-form) `dedupKey`.
    func remember(_ fingerprint: String, dedupKey: String) {
        state.withLock { state in
            guard state.keys.updateValue(dedupKey, forKey: fingerprint) == nil else { return }
            if state.order.count < capacity {
                state.order.append(fingerprint)
                return
            }
            state.keys.removeValue(forKey: state.order[state.next])
            state.order[state.next] = fingerprint
            state.next = (state.next + 1) % capacity
        }
    }
}
