import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Long CPU-bound test work on a thread of its own, at a lower scheduling priority: Swift Testing
/// runs tests on the cooperative pool (one thread per core), and a test that computes for a
/// minute there, or competes at full priority, would starve other tests' awaits (local servers,
/// timeouts) on a 2-core machine. Work that measures ratios is unaffected: both sides run here.
enum OwnThread {
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                // Linux keeps a nice value per thread, and `who` 0 names the calling thread.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
                continuation.resume(returning: work())
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
