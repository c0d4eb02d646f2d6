import AsyncHTTPClient
import Foundation
import Synchronization
import Testing

extension EndToEnd {
    /// Many real TCP connections against `aftermath serve`: header credentials are refused before
    /// any body byte, slow bodies are bounded in memory and cut at `server.read_timeout`, and a
    /// normal sender is answered throughout.
    @Suite("HTTP limits under slow and hostile senders")
    struct HTTPLimitsTests {
        static let token = "am-\(UUID().uuidString)"

        func server(_ dir: TemporaryDirectory) async throws -> AftermathProcess {
            let tokenFile = try dir.write("secrets/am.token", Self.token)
            let hmacFile = try dir.write("secrets/grafana.hmac", "hmac-secret")
            let config = try dir.write("aftermath.yaml", """
                server:
                  read_timeout: 6s
                  idle_timeout: 6s
                  max_body_bytes: 4194304
                  max_buffered_bytes: 8388608
                sources:
                  alertmanager: { bearer_token_file: \(tokenFile) }
                  grafana: { hmac_secret_file: \(hmacFile) }
                """)
            return try await AftermathProcess(archive: dir.file("archive"), config: config, logPath: dir.file("serve.log"))
        }

        /// Resident memory of `pid`, in bytes.
        static func resident(_ pid: Int32) -> Int {
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
                  let kb = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
            else { return 0 }
            return kb * 1024
        }

        /// An integer shared between test tasks.
        final class Box: Sendable {
            private let value = Mutex(0)
            func withLock<T>(_ body: (inout Int) -> T) -> T { value.withLock { body(&$0) } }
        }

        static func head(_ path: String, length: Int, extra: String = "") -> String {
            "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(length)\r\n\(extra)\r\n"
        }

        @Test("100 senders with a wrong token and a 4 MB Content-Length (the cap) are refused before sending a byte of body")
        func credentialsBeforeBody() async throws {
            let dir = try TemporaryDirectory("http-auth-first")
            let server = try await server(dir)
            defer { server.process.stop() }
            let cases: [(head: String, status: String)] = [
                (Self.head("/hooks/alertmanager", length: 4_000_000, extra: "Authorization: Bearer wrong\r\n"), "HTTP/1.1 403"),
                (Self.head("/hooks/alertmanager", length: 4_000_000), "HTTP/1.1 401"),
                (Self.head("/hooks/grafana", length: 4_000_000), "HTTP/1.1 401"),
                (Self.head("/hooks/grafana", length: 4_000_000, extra: "X-Grafana-Alerting-Signature: nothex\r\n"), "HTTP/1.1 403"),
            ]
            let outcomes = try await withThrowingTaskGroup(of: (RawConnection.Outcome, String).self) { group in
                for n in 0..<100 {
                    let test = cases[n % cases.count]
                    group.addTask { (try await RawConnection.run(port: server.port, head: test.head), test.status) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.count == 100)
            for (outcome, status) in outcomes {
                #expect(outcome.received.hasPrefix(status), "\(outcome.received.prefix(200))")
                #expect(outcome.closedByServer, "a refused sender's connection ends without reading its body")
            }
            // The right token is still accepted (its body then read in full).
            let good = try await HTTPClient.shared.answer(
                "\(server.baseURL)/hooks/alertmanager", method: .POST, body: Array("{}".utf8),
                headers: [("Authorization", "Bearer \(Self.token)")])
            #expect(good.status == 202)
        }

        @Test("200 slow partial bodies: memory stays bounded, a normal sender gets 202, every slow one is cut off")
        func slowBodies() async throws {
            let dir = try TemporaryDirectory("http-slow")
            let server = try await server(dir)
            defer { server.process.stop() }
            #expect(await HTTPClient.shared.postStatus("\(server.baseURL)/hooks/generic", body: Array(#"{"key":"warm","status":"note"}"#.utf8)) == 202)
            let baseline = Self.resident(server.process.pid)

            // Each declares 4 MiB, sends 1 MiB at once, then a byte every half second: 200 MiB if
            // the server kept what it was sent.
            let senders = 200
            let body = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
            let ready = Box()
            let peak = Box()
            let (outcomes, normal) = try await withThrowingTaskGroup(of: (RawConnection.Outcome?, Int?).self) { group in
                for _ in 0..<senders {
                    group.addTask {
                        let outcome = try await RawConnection.run(
                            port: server.port, head: Self.head("/hooks/generic", length: 4 << 20), body: body,
                            trickle: { [UInt8(ascii: "x")] }, sent: { ready.withLock { $0 += 1 } })
                        return (outcome, nil)
                    }
                }
                group.addTask {
                    _ = try await Wait.until("every slow sender to have sent its first MiB", timeout: 120, interval: 0.05) {
                        peak.withLock { $0 = max($0, Self.resident(server.process.pid)) }
                        return ready.withLock { $0 } == senders ? true : nil
                    }
                    // A normal sender while the slow ones hold their connections.
                    let status = await HTTPClient.shared.postStatus(
                        "\(server.baseURL)/hooks/generic", body: Array(#"{"key":"normal","status":"firing","title":"still answered"}"#.utf8),
                        timeout: 60)
                    for _ in 0..<20 {
                        peak.withLock { $0 = max($0, Self.resident(server.process.pid)) }
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    return (nil, status)
                }
                var outcomes: [RawConnection.Outcome] = []
                var normal: Int?
                for try await (outcome, status) in group {
                    if let outcome { outcomes.append(outcome) }
                    if let status { normal = status }
                }
                return (outcomes, normal)
            }

            #expect(normal == 202, "a normal sender is answered while 200 slow ones are connected")
            #expect(outcomes.count == senders)
            #expect(outcomes.allSatisfy { $0.closedByServer }, "every slow sender is cut off (read timeout or over the buffer budget)")
            let refused = outcomes.filter { $0.received.hasPrefix("HTTP/1.1 503") }
            #expect(refused.allSatisfy { $0.received.lowercased().contains("retry-after: 5") })
            #expect(!refused.isEmpty, "200 MiB of bodies do not fit in an 8 MiB budget")
            #expect(outcomes.allSatisfy { $0.received.isEmpty || $0.received.hasPrefix("HTTP/1.1 503") }, "no slow body was accepted")
            let growth = peak.withLock { $0 } - baseline
            print("HTTP limits: \(senders) slow senders, \(refused.count) answered 503, resident memory +\(growth >> 20) MiB (baseline \(baseline >> 20) MiB)")
            #expect(growth < 96 << 20, "resident memory grew by \(growth >> 20) MiB while senders pushed 200 MiB")
            #expect(server.process.isRunning)
            // Nothing of the slow bodies was stored; the normal delivery was.
            let status = await HTTPClient.shared.postStatus("\(server.baseURL)/hooks/generic", body: Array(#"{"key":"after","status":"note"}"#.utf8))
            #expect(status == 202)
        }

        @Test("A connection that never completes its headers is closed at the idle timeout, however it trickles")
        func idleConnectionClosed() async throws {
            let dir = try TemporaryDirectory("http-idle")
            let server = try await server(dir)
            defer { server.process.stop() }
            let outcome = try await RawConnection.run(
                port: server.port, head: "POST /hooks/generic HTTP/1.1\r\nHost: 127.0.0.1\r\n", trickle: { Array("X".utf8) },
                trickleEvery: .seconds(1))
            #expect(outcome.closedByServer)
            #expect(outcome.received.isEmpty)
        }
    }
}
