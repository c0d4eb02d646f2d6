import AftermathCore
import Server
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Testing

/// The bytes a sender or operator reads back: compact, key-sorted JSON with a trailing newline.
@Suite("JSON answers: exact bytes of webhook, note, health and error answers")
struct JSONAnswerTests {
    /// POSTs `body` and returns the status and the answer as text.
    static func answer(_ client: any TestClientProtocol, _ path: String, _ body: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: path, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) {
            ($0.status, String(buffer: $0.body))
        }
    }

    @Test("accepted, duplicate, quarantined, note and error answers keep their shape")
    func webhookAnswers() async throws {
        let archive = try TestArchive()
        try await archive.withClient { client in
            let firing = #"{"key":"disk","status":"firing","title":"disk full"}"#
            let accepted = try await Self.answer(client, "/hooks/generic", firing)
            #expect(accepted.0 == .accepted)
            #expect(accepted.1 == #"{"delivery":1,"incidents":["seq00001"],"status":"accepted"}"# + "\n")

            let duplicate = try await Self.answer(client, "/hooks/generic", firing)
            #expect(duplicate.1 == #"{"delivery":1,"status":"duplicate"}"# + "\n")

            let quarantined = try await Self.answer(client, "/hooks/generic", #"{"status":"firing"}"#)
            #expect(quarantined.0 == .accepted)
            #expect(quarantined.1 == #"{"delivery":2,"error":"generic payload at key: required field is missing","status":"quarantined"}"# + "\n")

            let note = try await Self.answer(client, "/api/incidents/seq00001/notes", #"{"text":"rolled back","author":"ana"}"#)
            #expect(note.0 == .created)
            #expect(note.1 == #"{"at":"2026-11-18T11:06:40Z","event":2,"incident":"seq00001"}"# + "\n")

            let unknown = try await Self.answer(client, "/api/incidents/seq00009/notes", #"{"text":"x"}"#)
            #expect(unknown.1 == #"{"error":"no incident 'seq00009' in the archive"}"# + "\n")

            let refused = try await Self.answer(client, "/api/incidents/seq00001/notes", "[]")
            #expect(refused.0 == .badRequest)
            #expect(refused.1 == #"{"error":"expected a JSON object {\"text\": \"…\", \"author\": \"…\"}"}"# + "\n")

            let plain = try await client.execute(
                uri: "/hooks/generic", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: firing)
            ) { ($0.status, String(buffer: $0.body)) }
            #expect(plain.0 == .unsupportedMediaType)
            #expect(plain.1 == #"{"error":"expected a JSON body (Content-Type: application\/json), got text\/plain"}"# + "\n")
        }
    }

    @Test("a path no route serves answers 404 with the routes there are, for a webhook and for a reader")
    func unknownRoute() async throws {
        let archive = try TestArchive()
        try await archive.withClient { client in
            let mistyped = try await Self.answer(client, "/webhook/alertmanager", #"{"status":"firing"}"#)
            #expect(mistyped.0 == .notFound)
            #expect(mistyped.1.hasPrefix(#"{"error":"no route for POST \/webhook\/alertmanager; webhooks go to POST \/hooks\/<source> (alertmanager, grafana,"#))
            #expect(mistyped.1.contains("GET \\/healthz"))
            let read = try await client.execute(uri: "/incidents", method: .get) { ($0.status, String(buffer: $0.body)) }
            #expect(read.0 == .notFound)
            #expect(read.1.hasPrefix(#"{"error":"no route for GET \/incidents;"#))
            #expect(try await archive.database.incidents().isEmpty, "nothing was recorded")
            let page = try await client.execute(uri: "/site/incident/nosuch.html", method: .get) { ($0.status, String(buffer: $0.body)) }
            #expect(page.0 == .notFound)
            #expect(page.1 == #"{"error":"the site is not served here (start serve with --serve-site, or open site\/index.html from disk)"}"# + "\n")
        }
    }

    @Test("/healthz: ok while every part works")
    func healthOK() async throws {
        let archive = try TestArchive()
        try await archive.withClient { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(String(buffer: response.body) == #"{"status":"ok"}"# + "\n")
            }
        }
    }

    @Test("/healthz: 503 naming each failing part with its error, since when and how often")
    func healthFailing() async throws {
        let archive = try TestArchive()
        var deps = archive.dependencies()
        let board = HealthBoard()
        board.failed("site", error: "disk full at /srv/site", at: Date(timeIntervalSince1970: 1_795_000_000))
        board.failed("site", error: "disk full at /srv/site", at: Date(timeIntervalSince1970: 1_795_000_060))
        board.failed("capture", error: "timeout", at: Date(timeIntervalSince1970: 1_795_000_030))
        deps.health = board
        let app = Application(router: try AftermathServer.buildRouter(deps), services: [deps.committer])
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body) == #"{"error":"capture: timeout; site: disk full at \/srv\/site","#
                    + #""failing":{"capture":{"error":"timeout","failures":1,"since":"2026-11-18T11:07:10Z"},"#
                    + #""site":{"error":"disk full at \/srv\/site","failures":2,"since":"2026-11-18T11:06:40Z"}},"status":"failing"}"# + "\n")
            }
        }
    }
}
