import AftermathCore
import Archive
import Foundation
import Hummingbird
import HummingbirdTesting
import Postmortem
import Redaction
import Server
import Testing

/// `POST /api/incidents/:id/notes`, driven through the router.
@Suite("Notes API")
struct NotesControllerTests {
    static func withNotes(
        _ world: PostmortemWorld, token: String?, loopback: Bool = true,
        _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let router = Router(context: AppRequestContext.self)
        NotesController(database: world.database, clock: world.clock, hooks: world.hooks, redactor: try Redactor(),
                        bearerToken: token, listensOnLoopback: loopback).addRoutes(to: router)
        try await Application(router: router).test(.router, body)
    }

    static func note(_ text: String, author: String? = nil) -> [UInt8] {
        var object: [String: String] = ["text": text]
        if let author { object["author"] = author }
        return Array((try? JSONSerialization.data(withJSONObject: object)) ?? Data())
    }

    @Test("With a token: 401 without credentials, 403 with wrong ones, 201 with the right one (redacted, on the timeline)")
    func bearer() async throws {
        let world = try PostmortemWorld()
        let id = try #require(try await world.record([PostmortemWorld.signal(title: "x")]).changes.first?.incidentID)
        try await Self.withNotes(world, token: "s3cret-token") { client in
            let path = "/api/incidents/\(id)/notes"
            #expect(try await client.post(path, Self.note("hi")).0 == .unauthorized)
            #expect(try await client.post(path, Self.note("hi"), headers: [.authorization: "Bearer wrong"]).0 == .forbidden)
            #expect(try await client.post(path, Self.note("hi"), headers: [.authorization: "Basic czNjcmV0LXRva2Vu"]).0 == .unauthorized)
            let (status, json) = try await client.post(
                path, Self.note("db password=hunter2 rotated", author: "carol"), headers: [.authorization: "Bearer s3cret-token"])
            #expect(status == .created)
            #expect(json["incident"] as? String == id)
        }
        let note = try #require(try await world.database.incident(id: id)?.timeline.last)
        #expect(note.kind == .note)
        #expect(note.source == "api")
        #expect(note.actor == "carol")
        #expect(note.text.contains("password=[REDACTED"), "\(note.text)")
        #expect(!note.text.contains("hunter2"))
    }

    @Test("Unknown incident 404, bad body 400; no token: loopback only")
    func refusals() async throws {
        let world = try PostmortemWorld()
        let id = try #require(try await world.record([PostmortemWorld.signal(title: "x")]).changes.first?.incidentID)
        try await Self.withNotes(world, token: nil) { client in
            let unknown = try await client.post("/api/incidents/zzzz9999/notes", Self.note("hi")).0
            let notJSON = try await client.post("/api/incidents/\(id)/notes", Array("not json".utf8)).0
            let empty = try await client.post("/api/incidents/\(id)/notes", Self.note("  ")).0
            let local = try await client.post("/api/incidents/\(id)/notes", Self.note("from loopback")).0
            #expect([unknown, notJSON, empty, local] == [.notFound, .badRequest, .badRequest, .created])
        }
        try await Self.withNotes(world, token: nil, loopback: false) { client in
            let (status, json) = try await client.post("/api/incidents/\(id)/notes", Self.note("from afar"))
            #expect(status == .forbidden)
            #expect((json["error"] as? String)?.contains("api.bearer_token_file") == true)
        }
        #expect(try await world.database.incident(id: id)?.timeline.filter { $0.kind == .note }.map(\.text) == ["from loopback"])
    }
}
