import AftermathCore
import Archive
import ArgumentParser
import Foundation
import Redaction
import Settings

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (YAML). Without one, every default applies.")
    var config: String?

    @Option(name: .long, help: "Archive directory (overrides the configuration's `archive`; default ./archive).")
    var archive: String?

    /// The configuration with command-line overrides applied.
    func loadConfig() throws -> AftermathConfig {
        do {
            var loaded = try AftermathConfig.load(path: config)
            if let archive { loaded.archiveDirectory = archive }
            return loaded
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        }
    }

    /// The configuration and the archive database it names.
    func openArchive() throws -> (config: AftermathConfig, database: AppDatabase) {
        let config = try loadConfig()
        return (config, try openDatabase(config))
    }

    /// Opens the archive database named by the configuration.
    func openDatabase(_ config: AftermathConfig) throws -> AppDatabase {
        do {
            return try AppDatabase(directory: config.archiveDirectory)
        } catch {
            throw CLIError("cannot open the archive at \(config.archiveDirectory)/aftermath.sqlite: \(error)")
        }
    }
}

extension GlobalOptions {
    /// The configured redaction rules, ready to apply; a rule that does not compile is a one-line error.
    func redactor(_ config: AftermathConfig) throws -> Redactor {
        try CLIError.reporting { try Redactor(config: config.redaction) }
    }
}

/// A failure the CLI reports in one line and exits non-zero for.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }

    /// An incident id the archive does not hold, with where to find the ids.
    static func unknownIncident(_ id: String, in config: AftermathConfig) -> CLIError {
        CLIError("no incident '\(id)' in \(config.archiveDirectory) (see `aftermath incident list`)")
    }

    /// What `body` returns; whatever it throws is reported in one line.
    static func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw CLIError("\(error)")
        }
    }
}
