import AftermathCore
import Archive
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Redaction
import Server
import Settings

/// A server over a fresh archive in a temporary directory, driven without a socket.
struct TestArchive {
    let directory: TemporaryDirectory
    let database: AppDatabase
    let clock: ManualClock
    var config: AftermathConfig

    init(config: AftermathConfig = AftermathConfig(), now: Date = Date(timeIntervalSince1970: 1_795_000_000)) throws {
        directory = try TemporaryDirectory()
        var config = config
        config.archiveDirectory = directory.file("archive")
        self.config = config
        database = try AppDatabase(directory: config.archiveDirectory)
        clock = ManualClock(now)
    }

    func dependencies(hooks: [IntakeHook] = [], environment: [String: String] = [:]) -> ServerDependencies {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return ServerDependencies(
            config: config, database: database, clock: clock, ids: SequentialIncidentIDs(),
            environment: environment, logger: logger, intakeHooks: hooks, redactor: try! Redactor())
    }

    /// Runs `body` against the router (no socket).
    func withClient(
        hooks: [IntakeHook] = [], environment: [String: String] = [:],
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let deps = dependencies(hooks: hooks, environment: environment)
        let app = Application(router: try AftermathServer.buildRouter(deps), services: [deps.committer])
        try await app.test(.router) { client in try await body(client) }
    }
}

extension TestClientProtocol {
    /// POSTs `body` to `path` and returns status and decoded JSON answer.
    func post(_ path: String, _ body: [UInt8], headers: HTTPFields = [:]) async throws -> (HTTPResponse.Status, [String: Any]) {
        var fields = headers
        if fields[.contentType] == nil { fields[.contentType] = "application/json" }
        return try await execute(uri: path, method: .post, headers: fields, body: ByteBuffer(bytes: body)) { response in
            let json = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
            return (response.status, json)
        }
    }
}
