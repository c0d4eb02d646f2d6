import Foundation
import NIOCore
import NIOPosix

/// A plain TCP connection to the server that sends exactly the bytes a test writes, when it writes
/// them: a sender that stalls, trickles or never finishes its body.
struct RawConnection {
    /// What the connection saw from the server.
    struct Outcome: Sendable {
        /// Everything the server sent.
        var received: String
        /// The server ended the connection (EOF or reset) while the client still had a body to send.
        var closedByServer: Bool
    }

    /// Connects, sends `head`, then `body`, then calls `trickle` for more bytes until the server
    /// closes the connection; returns what it received. `sent` is called once `head` and `body`
    /// are written (the test's cue that this sender is now stalling).
    static func run(
        port: Int, head: String, body: [UInt8] = [], trickle: (@Sendable () -> [UInt8]?)? = nil,
        trickleEvery: Duration = .milliseconds(500), giveUpAfter: Duration = .seconds(120),
        sent: @escaping @Sendable () -> Void = {}
    ) async throws -> Outcome {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            do {
                try await outbound.write(ByteBuffer(string: head))
                if !body.isEmpty { try await outbound.write(ByteBuffer(bytes: body)) }
            } catch {
                // The server ended the connection before taking everything; what it said is read below.
            }
            sent()
            return await withTaskGroup(of: Outcome?.self) { group in
                group.addTask {
                    var received = ""
                    do {
                        for try await chunk in inbound { received += String(buffer: chunk) }
                    } catch {
                        // A reset is the server closing too.
                    }
                    return Outcome(received: received, closedByServer: true)
                }
                // A server that never closes fails the test instead of hanging it.
                group.addTask {
                    try? await Task.sleep(for: giveUpAfter)
                    return Task.isCancelled ? nil : Outcome(received: "", closedByServer: false)
                }
                if let trickle {
                    group.addTask {
                        while !Task.isCancelled, let bytes = trickle() {
                            try? await Task.sleep(for: trickleEvery)
                            do { try await outbound.write(ByteBuffer(bytes: bytes)) } catch { break }
                        }
                        return nil
                    }
                }
                var outcome = Outcome(received: "", closedByServer: false)
                while let next = await group.next() {
                    if let next {
                        outcome = next
                        group.cancelAll()
                    }
                }
                return outcome
            }
        }
    }
}

