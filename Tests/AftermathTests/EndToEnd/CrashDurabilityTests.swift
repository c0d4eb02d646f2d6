import AftermathCore
@testable import Archive
import AsyncHTTPClient
import Foundation
import GRDB
import Testing

extension EndToEnd {
    /// Every webhook answered 2xx survives `kill -9`; nothing is duplicated after the senders retry.
    @Suite("SIGKILL during intake", .serialized)
    struct CrashDurabilityTests {
        /// An Alertmanager body for group `n`: its own groupKey and fingerprints.
        static func delivery(_ n: Int) throws -> [UInt8] {
            let text = try Fixtures.webhookText("alertmanager-firing.json")
                .replacingOccurrences(of: "HighErrorRate", with: "Crash\(n)")
                .replacingOccurrences(of: "356d4bad4bb035ae", with: String(format: "%016x", n * 2))
                .replacingOccurrences(of: "0b0c20b166a8dfcb", with: String(format: "%016x", n * 2 + 1))
            return Array(text.utf8)
        }

        @Test("kill -9 with concurrent webhooks in flight: every 2xx is archived, no incident duplicated, integrity ok")
        func killDuringIntake() async throws {
            let dir = try TemporaryDirectory("crash")
            let archive = dir.file("archive")
            let total = 2_000
            let acknowledged = AckSet()

            let first = try await AftermathProcess(archive: archive, logPath: dir.file("serve-1.log"))
            let url = "\(first.baseURL)/hooks/alertmanager"
            let client = HTTPClient.shared

            // 16 concurrent senders; the server is killed once 300 deliveries have been acknowledged.
            let killer = Task {
                _ = try await Wait.until("300 acknowledged deliveries", timeout: 120, interval: 0.01) { acknowledged.count >= 300 ? true : nil }
                first.process.kill()
            }
            await withTaskGroup(of: Void.self) { group in
                for worker in 0..<16 {
                    group.addTask {
                        var n = worker
                        while n < total {
                            let status = await client.postStatus(url, body: try! Self.delivery(n), timeout: 5)
                            if (200..<300).contains(status) { acknowledged.insert(n) }
                            if status == 0 { break }  // the server is gone
                            n += 16
                        }
                    }
                }
            }
            try await killer.value
            let acked = acknowledged.all
            #expect(acked.count >= 300)
            #expect(acked.count < total, "the kill landed after every delivery; the test proved nothing")

            // Restart on the same archive: every acknowledged delivery is there.
            let server = try await AftermathProcess(archive: archive, logPath: dir.file("serve-2.log"))
            let database = try AppDatabase(directory: archive)
            #expect(try database.integrityCheck() == "ok")
            let titles = try await database.writer.read { db in
                try String.fetchAll(db, sql: "SELECT json_extract(labels, '$.alertname') FROM incident")
            }
            let archived = Set(titles.compactMap { $0.hasPrefix("Crash") ? Int($0.dropFirst(5)) : nil })
            let lost = acked.subtracting(archived)
            #expect(lost.isEmpty, "acknowledged but not archived: \(lost.sorted().prefix(20))")
            #expect(titles.count == Set(titles).count, "an incident was duplicated")

            // The senders retry everything they did not see acknowledged (and some they did): still one incident each.
            let retryURL = "\(server.baseURL)/hooks/alertmanager"
            for n in 0..<total where !acked.contains(n) || n % 7 == 0 {
                let status = await client.postStatus(retryURL, body: try Self.delivery(n))
                #expect(status == 202, "retry of \(n) answered \(status)")
            }
            let counts = try await database.writer.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT json_extract(labels, '$.alertname') AS name, count(*) AS n FROM incident GROUP BY name HAVING n > 1
                    """)
            }
            #expect(counts.isEmpty, "duplicated incidents after retries: \(counts)")
            #expect(try await database.incidents().count == total)
            #expect(try database.integrityCheck() == "ok")
            server.process.stop()
        }
    }
}

/// Thread-safe set of acknowledged delivery numbers.
final class AckSet: @unchecked Sendable {
    private let lock = NSLock()
    private var items = Set<Int>()

    func insert(_ n: Int) { lock.withLock { _ = items.insert(n) } }
    var count: Int { lock.withLock { items.count } }
    var all: Set<Int> { lock.withLock { items } }
}
