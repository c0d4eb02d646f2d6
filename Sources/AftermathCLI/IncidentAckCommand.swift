import AftermathCore
import Archive
import ArgumentParser
import Foundation
import Postmortem
import Server

/// `aftermath incident ack ID [--author A]`.
struct IncidentAckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack", abstract: "Acknowledge an incident (a timeline event; the incident becomes acknowledged).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The incident id.")
    var id: String

    @Option(help: "Who acknowledges (default: $AFTERMATH_AUTHOR, $GIT_AUTHOR_NAME or $USER).")
    var author: String?

    func run() async throws {
        let config = try global.loadConfig()
        let database = try global.openDatabase(config)
        let who = author ?? PostmortemEditor.current(environment: ProcessInfo.processInfo.environment)
        let hooks = Pipeline.intakeHooks(config: config)
        do {
            let outcome = try await database.acknowledge(incidentID: id, actor: who, source: "cli", at: Date(), hooks: hooks)
            if let event = outcome.event {
                print("acknowledged \(id) at \(Timestamp.format(event.at))")
            } else {
                print("\(id) was already acknowledged at \(outcome.incident.acknowledgedAt.map(Timestamp.format) ?? "-"); nothing changed")
            }
        } catch let error as IncidentActionError {
            throw CLIError(error.description)
        }
    }
}
