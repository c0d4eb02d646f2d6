import Foundation

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
