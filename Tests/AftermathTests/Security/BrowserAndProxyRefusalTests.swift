import AftermathCore
import Archive
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Settings
import Testing

/// Browsers cannot post to Aftermath, and a proxy in front of a loopback listener does not turn
/// unauthenticated routes public. Driven through the router; nothing refused is stored.
@Suite("Hooks and API refuse browsers and proxied requests to unauthenticated routes")
struct BrowserAndProxyRefusalTests {
    static let generic = Array(#"{"key":"browser-made","status":"firing","title":"made by a web page"}"#.utf8)

    /// POSTs with exactly `headers` (no Content-Type added).
    static func raw(_ client: any TestClientProtocol, _ path: String, _ body: [UInt8], _ headers: HTTPFields) async throws -> HTTPResponse.Status {
        try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body)) { $0.status }
    }

    @Test("Origin or a cross-site Sec-Fetch-Site: 403 and nothing stored, on every source and the API", arguments: [
        ["Origin": "null"], ["Origin": "https://evil.example"], ["Origin": "http://127.0.0.1:9099"],
        ["Sec-Fetch-Site": "cross-site"], ["Sec-Fetch-Site": "same-site"],
    ])
    func browsersRefused(headers: [String: String]) async throws {
        let archive = try TestArchive()
        var fields: HTTPFields = [.contentType: "application/json"]
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        let frozen = fields
        try await archive.withClient { client in
            for source in WebhookSource.allCases where source != .statuspage {
                let status = try await Self.raw(client, "/hooks/\(source.rawValue)", Self.generic, frozen)
                #expect(status == .forbidden, "\(source)")
            }
            let api = try await Self.raw(client, "/api/incidents/inc00001/notes", Array(#"{"text":"x"}"#.utf8), frozen)
            #expect(api == .forbidden)
        }
        #expect(try await archive.database.deliveryCounts().isEmpty)
    }

    @Test("What the senders send is accepted: no Origin, Sec-Fetch-Site none or same-origin, JSON or no content type", arguments: [
        [:], ["Content-Type": "application/json"], ["Content-Type": "application/json; charset=utf-8"],
        ["Content-Type": "Application/JSON"], ["Content-Type": "application/vnd.aftermath+json"], ["Content-Type": "text/json"],
        ["Content-Type": "application/json", "Sec-Fetch-Site": "none"], ["Content-Type": "application/json", "Sec-Fetch-Site": "same-origin"],
    ])
    func sendersAccepted(headers: [String: String]) async throws {
        let archive = try TestArchive()
        var fields: HTTPFields = [:]
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        let frozen = fields
        try await archive.withClient { client in
            let status = try await Self.raw(client, "/hooks/generic", Self.generic, frozen)
            #expect(status == .accepted)
        }
        #expect(try await archive.database.deliveryCounts()[.applied] == 1)
    }

    @Test("Content types a page can send without CORS are refused with 415", arguments: [
        "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml",
    ])
    func nonJSONRefused(type: String) async throws {
        let archive = try TestArchive()
        try await archive.withClient { client in
            let generic = try await Self.raw(client, "/hooks/generic", Self.generic, [.contentType: type])
            #expect(generic == .unsupportedMediaType)
            let alertmanager = try await Self.raw(client, "/hooks/alertmanager", try Fixtures.webhook("alertmanager-firing.json"), [.contentType: type])
            #expect(alertmanager == .unsupportedMediaType)
        }
        #expect(try await archive.database.deliveryCounts().isEmpty)
    }

    @Test("An unauthenticated source behind a proxy answers 403 and stores nothing; with credentials it is accepted",
          arguments: ["X-Forwarded-For", "Forwarded", "X-Real-IP"])
    func proxiedUnauthenticatedSource(header: String) async throws {
        let dir = try TemporaryDirectory()
        var config = AftermathConfig()
        config.sources[.alertmanager] = SourceConfig(bearerToken: SecretReference(key: "t", origin: .file(try dir.write("t", "tok\n"))))
        let archive = try TestArchive(config: config)
        let proxy = HTTPField.Name(header)!
        try await archive.withClient { client in
            let open = try await Self.raw(client, "/hooks/generic", Self.generic, [.contentType: "application/json", proxy: "203.0.113.7"])
            #expect(open == .forbidden)
            let authenticated = try await Self.raw(
                client, "/hooks/alertmanager", try Fixtures.webhook("alertmanager-firing.json"),
                [.contentType: "application/json", proxy: "203.0.113.7", .authorization: "Bearer tok"])
            #expect(authenticated == .accepted)
            let notes = try await Self.raw(client, "/api/incidents/inc00001/notes", Array(#"{"text":"x"}"#.utf8), [.contentType: "application/json", proxy: "203.0.113.7"])
            #expect(notes == .forbidden)
        }
        let counts = try await archive.database.deliveryCounts()
        #expect(counts[.applied] == 1)
        #expect(counts.values.reduce(0, +) == 1, "only the authenticated delivery is stored")
    }
}
