import AftermathCore
import Archive
import Foundation
import Hummingbird
import Intake
import Logging
import NIOCore
import Redaction

/// `POST /api/incidents/:id/notes` with `{"text": "…", "author": "…"}`: adds a note to the
/// incident's timeline (it appears in the postmortem). 201 with the stored event.
///
/// Authenticated with `Authorization: Bearer <token>` (compared in constant time) when a token is
/// given; without one the route only answers direct requests while the server listens on
/// loopback (`ReaderAccess`). The note and author are redacted before they are stored.
public struct NotesController: Sendable {
    let database: AppDatabase
    let clock: any WallClock
    let hooks: [IntakeHook]
    let redactor: Redactor
    /// Who may add notes: `api.bearer_token_file`, or without one only direct requests on loopback.
    let access: ReaderAccess

    /// The largest request body accepted.
    public static let maximumBodyBytes = 64 * 1024

    /// A controller storing notes in `database`, running `hooks` in the same transaction.
    /// `bearerToken`: `api.bearer_token_file`; `listensOnLoopback`: whether `server.listen` is loopback.
    public init(
        database: AppDatabase, clock: any WallClock, hooks: [IntakeHook], redactor: Redactor, bearerToken: String?,
        listensOnLoopback: Bool, logger: Logger = Logger(label: "aftermath")
    ) {
        self.database = database
        self.clock = clock
        self.hooks = hooks
        self.redactor = redactor
        access = ReaderAccess(
            credentials: ReaderCredentials(bearerToken: bearerToken, basic: nil), listensOnLoopback: listensOnLoopback,
            what: "the notes API", configKey: "api.bearer_token_file", logger: logger)
    }

    /// The JSON body of a note.
    struct NoteBody: Decodable {
        var text: String
        var author: String?
    }

    /// The 201 answer: where the note went.
    struct Answer: Encodable {
        let incident: String
        let event: Int64
        let at: String
    }

    /// Adds the route.
    public func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/api/incidents/:id/notes") { request, context in
            try await addNote(request, context: context)
        }
    }

    func addNote(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let refusal = access.refusal(request) { return refusal }
        guard let id = context.parameters.get("id"), CrockfordBase32.isPlausibleID(id) else {
            return JSONResponse.error(.notFound, "no such incident")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: Self.maximumBodyBytes)
        } catch is NIOTooManyBytesError {
            return JSONResponse.error(.contentTooLarge, "a note body is at most \(Self.maximumBodyBytes) bytes")
        }
        let body: NoteBody
        do {
            body = try JSONDecoder().decode(NoteBody.self, from: Data(buffer.readableBytesView))
        } catch {
            return JSONResponse.error(.badRequest, "expected a JSON object {\"text\": \"…\", \"author\": \"…\"}")
        }
        let author = body.author.map { redactor.redact($0).text }.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        do {
            let outcome = try await database.addNote(
                incidentID: id, text: redactor.redact(body.text).text, author: author.map { String($0.prefix(200)) },
                source: "api", at: clock.now(), hooks: hooks)
            return JSONResponse.make(.created, Answer(
                incident: id, event: outcome.event?.id ?? 0, at: Timestamp.format(outcome.event?.at ?? clock.now())))
        } catch let error as IncidentActionError {
            switch error {
            case .unknownIncident: return JSONResponse.error(.notFound, error.description)
            default: return JSONResponse.error(.badRequest, error.description)
            }
        } catch {
            return JSONResponse.error(.serviceUnavailable, "the archive could not store the note; retry later", headers: [.retryAfter: "5"])
        }
    }
}
