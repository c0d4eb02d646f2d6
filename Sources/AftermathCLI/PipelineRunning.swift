import Archive
import Logging
import Postmortem
import Server
import Settings

extension Pipeline {
    /// Runs `body` on a pipeline built from `config`, and shuts the pipeline down afterwards, whether
    /// `body` returned or threw. A configuration the pipeline refuses is a one-line error.
    static func running(
        config: AftermathConfig, database: AppDatabase, logger: Logger, _ body: (Pipeline) async throws -> Void
    ) async throws {
        let pipeline: Pipeline
        do {
            pipeline = try Pipeline(config: config, database: database, logger: logger)
        } catch let error as ConfigError {
            throw CLIError(error.description)
        } catch let error as PostmortemTemplateError {
            throw CLIError("\(error)")
        }
        do {
            try await body(pipeline)
        } catch {
            try? await pipeline.shutdown()
            throw error
        }
        try await pipeline.shutdown()
    }
}
