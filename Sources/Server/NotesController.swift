import AftermathCore
import Archive
import Foundation
import Hummingbird
import NIOCore
import Redaction

/// `POST /api/incidents/:id/notes` with `{"text": "…", "author": "…"}`: adds a note to the
/// incident's timeline (it appears in the postmortem). 201 with the stored event.
///
/// Authenticated with `Authorization: Bearer <token>` (compared in constant time) when a token is
/// given; without one the route only answers while the server listens on loopback, like
/// unauthenticated webhook sources. The note and author are redacted before they are stored.
public struct NotesController: Sendable {
    let database: AppDatabase
    let clock: any WallClock
    let hooks: [IntakeHook]
    let redactor: Redactor
    /// The expected bearer token (proposed key `api.bearer_token_file` / `api.bearer_token_env`).
    let bearerToken: String?
    /// Whether the server listens on loopback only (`server.listen`).
    let listensOnLoopback: Bool

    /// The largest request body accepted.
    public static let maximumBodyBytes = 64 * 1024

    /// A controller storing notes in `database`, running `hooks` in the same transaction.
    public init(
        database: AppDatabase, clock: any WallClock, hooks: [IntakeHook], redactor: Redactor, bearerToken: String?,
        listensOnLoopback: Bool
    ) {
        self.database = database
        self.clock = clock
        self.hooks = hooks
        self.redactor = redactor
        self.bearerToken = bearerToken.flatMap { $0.isEmpty ? nil : $0 }
        self.listensOnLoopback = listensOnLoopback
    }

    /// The JSON body of a note.
    struct NoteBody: Decodable {
        var text: String
        var author: String?
    }

    /// Adds the route.
    public func addRoutes(to router: Router<AppRequestContext>) {
        router.post("/api/incidents/:id/notes") { request, context in
            try await addNote(request, context: context)
        }
    }

    func addNote(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let refusal = authenticate(request) { return refusal }
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
            return JSONResponse.make(.created, [
                "incident": id, "event": outcome.event?.id ?? 0, "at": Timestamp.format(outcome.event?.at ?? clock.now()),
            ])
        } catch let error as IncidentActionError {
            switch error {
            case .unknownIncident: return JSONResponse.error(.notFound, error.description)
            default: return JSONResponse.error(.badRequest, error.description)
            }
        } catch {
            return JSONResponse.error(.serviceUnavailable, "the archive could not store the note; retry later", headers: [.retryAfter: "5"])
        }
    }

    /// Nil when the request may proceed; otherwise the answer refusing it.
    func authenticate(_ request: Request) -> Response? {
        guard let expected = bearerToken else {
            guard listensOnLoopback else {
                return JSONResponse.error(.forbidden, "the notes API needs a bearer token (api.bearer_token_file) when the server listens beyond loopback")
            }
            return nil
        }
        guard let header = request.headers[.authorization] else {
            return JSONResponse.error(.unauthorized, "no Authorization header; expected Bearer credentials", headers: [.wwwAuthenticate: "Bearer realm=\"aftermath\""])
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            return JSONResponse.error(.unauthorized, "the Authorization header does not hold Bearer credentials", headers: [.wwwAuthenticate: "Bearer realm=\"aftermath\""])
        }
        guard Self.constantTimeEqual(parts[1].trimmingCharacters(in: .whitespaces), expected) else {
            return JSONResponse.error(.forbidden, "wrong Bearer credentials")
        }
        return nil
    }

    /// Compares SHA-256 digests byte by byte without stopping early: neither the token's length nor
    /// a matching prefix shows in the time taken.
    static func constantTimeEqual(_ presented: String, _ expected: String) -> Bool {
        let a = Array(IncomingDelivery.sha256Hex(Array(presented.utf8)).utf8)
        let b = Array(IncomingDelivery.sha256Hex(Array(expected.utf8)).utf8)
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0 && a.count == b.count
    }
}
