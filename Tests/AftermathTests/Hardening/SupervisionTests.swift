import AftermathCore
import Archive
import AsyncHTTPClient
import Foundation
import Logging
import Server
import ServiceLifecycle
import Settings
import Site
import Synchronization
import Testing

extension EndToEnd {
    /// No background loop can stop the server: a loop that throws or returns is restarted after a
    /// back-off, `/healthz` names it meanwhile, and answers 200 again once it recovers.
    @Suite("Supervised background loops")
    struct SupervisionTests {
        /// A loop that fails its first runs (throwing, then returning), then works until shutdown.
        final class FlakyLoop: Service {
            let runs = Mutex(0)
            let health: HealthBoard

            init(health: HealthBoard) { self.health = health }

            func run() async throws {
                let n = runs.withLock { $0 += 1; return $0 }
                if n == 1 { throw CocoaError(.fileWriteOutOfSpace) }
                if n == 2 { return }
                health.recovered("flaky")
                try await gracefulShutdown()
            }
        }

        @Test("A loop that throws, then returns, is restarted; the listener never stops; /healthz names it, then 200")
        func restartsFailingLoop() async throws {
            let archive = try TestArchive()
            var deps = archive.dependencies()
            let loop = FlakyLoop(health: deps.health)
            deps.services = [SupervisedService("flaky", loop, health: deps.health, logger: deps.logger, backoff: Backoff(initial: 0.5, maximum: 1))]
            try await withLiveServer(deps) { port in
                let url = "http://127.0.0.1:\(port)/healthz"
                let failing = try await Wait.until("/healthz to name the failing loop", timeout: 30, interval: 0.01) {
                    let answer = try await HTTPClient.shared.answer(url)
                    return answer.status == 503 ? answer : nil
                }
                #expect(failing.body.contains("flaky"), "\(failing.body)")
                _ = try await Wait.until("/healthz to answer 200 once the loop runs", timeout: 30) {
                    try await HTTPClient.shared.answer(url).status == 200 ? true : nil
                }
                #expect(loop.runs.withLock { $0 } == 3)
                let posted = try await HTTPClient.shared.answer(
                    "http://127.0.0.1:\(port)/hooks/generic", method: .POST, body: Array(#"{"key":"k","status":"firing"}"#.utf8))
                #expect(posted.status == 202, "the server kept serving through the restarts")
            }
        }

        @Test("The site loop: an unwritable site directory (a file in its place) is 503 `site`, retried, 200 once it is writable")
        func siteFailureReported() async throws {
            let dir = try TemporaryDirectory("site-fault")
            var config = AftermathConfig()
            config.archiveDirectory = dir.file("archive")
            config.siteDirectory = try dir.write("site", "a file where the site directory belongs")
            let siteDirectory = config.siteDirectory
            let database = try AppDatabase(directory: config.archiveDirectory)
            var logger = Logger(label: "site-fault")
            logger.logLevel = .critical
            let pipeline = try Pipeline(config: config, database: database, logger: logger)
            let deps = pipeline.serverDependencies(logger: logger, keepSiteCurrent: true)
            try await withLiveServer(deps) { port in
                let url = "http://127.0.0.1:\(port)/healthz"
                let failing = try await Wait.until("/healthz to name the site", timeout: 60) {
                    let answer = try await HTTPClient.shared.answer(url)
                    return answer.status == 503 ? answer : nil
                }
                let parts = failing.json["failing"] as? [String: Any] ?? [:]
                #expect(Array(parts.keys) == ["site"], "\(failing.body)")
                try FileManager.default.removeItem(atPath: siteDirectory)
                _ = try await Wait.until("the site to build after the retry", timeout: 90) {
                    try await HTTPClient.shared.answer(url).status == 200 ? true : nil
                }
                #expect(FileManager.default.fileExists(atPath: (siteDirectory as NSString).appendingPathComponent("index.html")))
            }
        }
    }
}
