import AftermathCore
import Archive
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import Postmortem
import Server
import Settings

/// `aftermath serve`: receive webhooks and keep the archive current.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Receive webhooks on /hooks/<source> and archive incidents.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Listen address host:port (overrides server.listen; port 0 picks a free port).")
    var listen: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    @Flag(help: "Also serve the generated site read-only under /site/.")
    var serveSite = false

    @Flag(help: "Do not rebuild the static site after changes.")
    var noSite = false

    func run() async throws {
        var config = try global.loadConfig()
        if let listen {
            do {
                (config.server.host, config.server.port) = try ServerConfig.parseListen(listen, key: "--listen")
            } catch let error as ConfigError {
                throw ValidationError(error.description)
            }
        }
        var logger = Logger(label: "aftermath")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let database = try global.openDatabase(config)
        try await Pipeline.running(config: config, database: database, logger: logger) { pipeline in
            try await serve(pipeline, config: config, logger: logger)
        }
    }

    /// Runs the server on `pipeline` until it is stopped.
    private func serve(_ pipeline: Pipeline, config: AftermathConfig, logger: Logger) async throws {
        let deps = pipeline.serverDependencies(logger: logger, keepSiteCurrent: !noSite, serveSite: serveSite)
        let app: any ApplicationProtocol
        do {
            app = try AftermathServer.buildApplication(deps) { host, port in
                // Scripts and tests read this line to learn the bound port.
                FileHandle.standardOutput.write(Data("aftermath listening on \(host):\(port)\n".utf8))
            }
        } catch let error as StartupError {
            throw CLIError(error.description)
        } catch let error as ConfigError {
            throw CLIError(error.description)
        }
        let open = AftermathServer.unauthenticatedSources(config).map(\.rawValue)
        if !open.isEmpty {
            logger.notice("sources accepting unauthenticated webhooks (loopback only): \(open.joined(separator: ", "))")
        }
        try await app.runService()
    }
}
