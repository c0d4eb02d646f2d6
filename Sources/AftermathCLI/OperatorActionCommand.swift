import AftermathCore
import Archive
import ArgumentParser
import Foundation
import Postmortem
import Server

/// What `incident ack`, `resolve` and `note` share: one incident, an author, one pipeline
/// operation and a one-line report. Each command declares only its arguments and its action.
protocol OperatorActionCommand: AsyncParsableCommand {
    var target: OperatorActionOptions { get }
    var action: OperatorAction { get }
}

/// The archive, incident and author of an operator action.
struct OperatorActionOptions: ParsableArguments {
    @OptionGroup var global: GlobalOptions

    @Argument(help: "The incident id.")
    var id: String

    @Option(help: "Who acts (default: $AFTERMATH_AUTHOR, $GIT_AUTHOR_NAME or $USER).")
    var author: String?
}

extension OperatorActionCommand {
    var id: String { target.id }

    func run() async throws {
        let (config, database) = try target.global.openArchive()
        let who = target.author ?? PostmortemEditor.current(environment: ProcessInfo.processInfo.environment)
        let outcome: IncidentActionOutcome
        do {
            outcome = try await Pipeline.apply(action, incidentID: id, actor: who, config: config, database: database, at: Date())
        } catch let error as IncidentActionError {
            throw CLIError(error.description)
        }
        for line in try await report(outcome, database: database) { print(line) }
    }

    /// What happened, as the operator reads it.
    private func report(_ outcome: IncidentActionOutcome, database: AppDatabase) async throws -> [String] {
        let at = outcome.event.map { Timestamp.format($0.at) }
        switch action {
        case .acknowledge:
            guard let at else {
                return ["\(id) was already acknowledged at \(outcome.incident.acknowledgedAt.map(Timestamp.format) ?? "-"); nothing changed"]
            }
            return ["acknowledged \(id) at \(at)"]
        case .resolve:
            guard let at else {
                return ["\(id) was already resolved at \(outcome.incident.resolvedAt.map(Timestamp.format) ?? "-"); nothing changed"]
            }
            let due = try await database.postmortem(incidentID: id)?.dueAt
            return ["resolved \(id) at \(at)"] + (due.map { ["postmortem due at \(Timestamp.format($0))"] } ?? [])
        case .note:
            return ["noted on \(id) at \(at ?? Timestamp.format(Date()))"]
        }
    }
}
