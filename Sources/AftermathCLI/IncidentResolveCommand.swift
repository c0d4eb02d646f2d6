import AftermathCore
import Archive
import ArgumentParser
import Foundation
import Postmortem
import Server

/// `aftermath incident resolve ID [--author A]`.
struct IncidentResolveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve", abstract: "Resolve an incident: plans its closing capture and schedules its postmortem.",
        discussion: """
            The closing capture is queued in the archive and run by `aftermath serve`; the postmortem is
            written postmortem.settle (default 30m) after now.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The incident id.")
    var id: String

    @Option(help: "Who resolves (default: $AFTERMATH_AUTHOR, $GIT_AUTHOR_NAME or $USER).")
    var author: String?

    func run() async throws {
        let config = try global.loadConfig()
        let database = try global.openDatabase(config)
        let who = author ?? PostmortemEditor.current(environment: ProcessInfo.processInfo.environment)
        let hooks = Pipeline.intakeHooks(config: config)
        do {
            let outcome = try await database.resolve(incidentID: id, actor: who, source: "cli", at: Date(), hooks: hooks)
            guard let event = outcome.event else {
                print("\(id) was already resolved at \(outcome.incident.resolvedAt.map(Timestamp.format) ?? "-"); nothing changed")
                return
            }
            print("resolved \(id) at \(Timestamp.format(event.at))")
            if let due = try await database.postmortem(incidentID: id)?.dueAt {
                print("postmortem due at \(Timestamp.format(due))")
            }
        } catch let error as IncidentActionError {
            throw CLIError(error.description)
        }
    }
}
