import Foundation

/// Long CPU-bound test work on a thread of its own: Swift Testing runs tests on the cooperative
/// pool (one thread per core), and a test that computes for a minute there would starve every
/// other test's awaits (local servers, timeouts) on a 2-core machine.
enum OwnThread {
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
