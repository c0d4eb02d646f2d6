import HummingbirdCore
import NIOCore
import Synchronization

/// A bound on request body bytes held in memory across all connections: slow senders with large
/// bodies cannot together exhaust memory, whatever each is allowed on its own. The first
/// `allowance` bytes of every body are outside it, so small webhooks are always read even while
/// large slow ones hold the whole budget (those are bounded by `server.max_connections`).
final class RequestBodyBudget: Sendable {
    let limit: Int
    let allowance: Int
    private let used = Mutex(0)

    init(limit: Int, allowance: Int = 64 << 10) {
        self.limit = max(0, limit)
        self.allowance = max(0, allowance)
    }

    /// Takes `bytes` from the budget; false (and nothing taken) when they do not fit.
    func reserve(_ bytes: Int) -> Bool {
        used.withLock { used in
            guard bytes <= limit - used else { return false }
            used += bytes
            return true
        }
    }

    func release(_ bytes: Int) {
        used.withLock { $0 = max(0, $0 - bytes) }
    }

    /// Bytes held now.
    var inUse: Int { used.withLock { $0 } }
}

/// Why a body was not read.
enum BodyRefusal: Error {
    /// Over `server.max_body_bytes`.
    case tooLarge(cap: Int)
    /// The server holds `server.max_buffered_bytes` of bodies already.
    case overBudget
}

extension RequestBodyBudget {
    /// Reads `body` up to `cap` bytes, holding its bytes against the budget until `use` returns.
    func read<T>(_ body: RequestBody, cap: Int, _ use: ([UInt8]) async throws -> T) async throws -> T {
        var buffer = ByteBuffer()
        var reserved = 0
        defer { release(reserved) }
        for try await chunk in body {
            let size = chunk.readableBytes
            guard buffer.readableBytes + size <= cap else { throw BodyRefusal.tooLarge(cap: cap) }
            let counted = max(0, buffer.readableBytes + size - allowance) - reserved
            if counted > 0 {
                guard reserve(counted) else { throw BodyRefusal.overBudget }
                reserved += counted
            }
            var chunk = chunk
            buffer.writeBuffer(&chunk)
        }
        return try await use(Array(buffer.readableBytesView))
    }
}
