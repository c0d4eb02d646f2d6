import AftermathCore
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import Server
import Settings
import Testing

/// `/site/` served by `aftermath serve --serve-site`, through the router: credentials, decoded
/// paths, security headers, and the refusal to serve it publicly without credentials.
@Suite("The site over HTTP is private by default")
struct SiteOverHTTPTests {
    /// An archive whose site holds a page, an incident page and the hidden build manifest.
    static func archive(_ configure: (inout AftermathConfig, TemporaryDirectory) throws -> Void = { _, _ in }) throws -> TestArchive {
        var archive = try TestArchive()
        try configure(&archive.config, archive.directory)
        archive.config.siteDirectory = archive.directory.file("site")
        try archive.directory.write("site/index.html", "<!doctype html><title>index</title>")
        try archive.directory.write("site/incident/inc1.html", "<!doctype html><title>incident</title>")
        try archive.directory.write("site/.aftermath-site-manifest", "manifest: secret layout")
        return archive
    }

    static func withSite(_ archive: TestArchive, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var deps = archive.dependencies()
        deps.serveSite = true
        try await Application(router: try AftermathServer.buildRouter(deps)).test(.router, body)
    }

    static func get(_ client: any TestClientProtocol, _ path: String, _ headers: HTTPFields = [:]) async throws -> (HTTPResponse.Status, HTTPFields, String) {
        try await client.execute(uri: path, method: .get, headers: headers) { ($0.status, $0.headers, String(buffer: $0.body)) }
    }

    static func basic(_ user: String, _ password: String) -> String { "Basic " + Data("\(user):\(password)".utf8).base64EncodedString() }

    static func credentialed(_ config: inout AftermathConfig, _ secrets: TemporaryDirectory) throws {
        config.siteAccess = SiteAccessConfig(
            basicAuth: BasicAuthConfig(username: "oncall", password: SecretReference(key: "p", origin: .file(try secrets.write("pass", "c0rrect-h0rse\n")))),
            bearerToken: SecretReference(key: "t", origin: .file(try secrets.write("token", "site-t0ken\n"))))
    }

    @Test("With credentials: 401 without them (a password prompt for browsers), 200 with basic or bearer, 401 with wrong ones")
    func credentials() async throws {
        let archive = try Self.archive(Self.credentialed)
        try await Self.withSite(archive) { client in
            let (anonymous, headers, body) = try await Self.get(client, "/site/index.html")
            #expect(anonymous == .unauthorized)
            #expect(headers[.wwwAuthenticate]?.hasPrefix("Basic realm=") == true)
            #expect(!body.contains("<title>index"))
            let status1 = try await Self.get(client, "/site/index.html", [.authorization: Self.basic("oncall", "wrong")]).0
            #expect(status1 == .unauthorized)
            let status2 = try await Self.get(client, "/site/index.html", [.authorization: "Bearer wrong"]).0
            #expect(status2 == .unauthorized)
            let (ok, _, page) = try await Self.get(client, "/site/index.html", [.authorization: Self.basic("oncall", "c0rrect-h0rse")])
            #expect(ok == .ok)
            #expect(page.contains("<title>index"))
            let status3 = try await Self.get(client, "/site/incident/inc1.html", [.authorization: "Bearer site-t0ken"]).0
            #expect(status3 == .ok)
            let (missing, _, answer) = try await Self.get(client, "/site/incident/nosuch.html", [.authorization: "Bearer site-t0ken"])
            #expect(missing == .notFound)
            #expect(answer == #"{"error":"no page \/site\/incident\/nosuch.html in the site"}"# + "\n")
            let anonymousMissing = try await Self.get(client, "/site/incident/nosuch.html")
            #expect(anonymousMissing.0 == .unauthorized, "a reader without credentials learns nothing about which pages exist")
        }
    }

    @Test("Every answer under /site carries the CSP, nosniff, no-referrer and private caching, refusals too")
    func headers() async throws {
        let archive = try Self.archive(Self.credentialed)
        try await Self.withSite(archive) { client in
            for (path, auth) in [("/site/index.html", Self.basic("oncall", "c0rrect-h0rse")), ("/site/index.html", ""), ("/site/.x", Self.basic("oncall", "c0rrect-h0rse"))] {
                let headers = try await Self.get(client, path, auth.isEmpty ? [:] : [.authorization: auth]).1
                #expect(headers[HTTPField.Name("Content-Security-Policy")!]?.contains("default-src 'none'") == true, "\(path)")
                #expect(headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                #expect(headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
                #expect(headers[.cacheControl] == "private")
            }
        }
    }

    @Test("Dotfiles and traversal are 404 in every spelling; the manifest is never served", arguments: [
        "/site/.aftermath-site-manifest", "/site/%2Eaftermath-site-manifest", "/site/%2easftermath-site-manifest", "/site/incident/..%2F.aftermath-site-manifest",
        "/site/incident/%2E%2E/.aftermath-site-manifest", "/site/..%2F..%2Fetc%2Fpasswd", "/site/%2e%2e/%2e%2e/etc/passwd", "/site/%252Eaftermath-site-manifest",
        "/site/incident%2F..%2F.aftermath-site-manifest", "/site/index.html%00.png", "/site/incident\\..\\.aftermath-site-manifest", "/site/%ZZ",
    ])
    func hiddenPaths(path: String) async throws {
        let archive = try Self.archive(Self.credentialed)
        try await Self.withSite(archive) { client in
            let (status, _, body) = try await Self.get(client, path, [.authorization: "Bearer site-t0ken"])
            #expect(status == .notFound, "\(path) → \(status)")
            #expect(!body.contains("secret layout"))
            #expect(!body.contains("root:"))
        }
    }

    @Test("Without credentials on loopback: direct requests are served, proxied ones refused")
    func loopbackWithoutCredentials() async throws {
        let archive = try Self.archive()
        try await Self.withSite(archive) { client in
            let status4 = try await Self.get(client, "/site/index.html").0
            #expect(status4 == .ok)
            let status5 = try await Self.get(client, "/site/index.html", [HTTPField.Name("X-Forwarded-For")!: "198.51.100.4"]).0
            #expect(status5 == .forbidden)
        }
    }

    @Test("Off loopback without site credentials the server refuses to start, and says why")
    func refusedOffLoopback() throws {
        var archive = try Self.archive()
        archive.config.server.host = "0.0.0.0"
        for source in WebhookSource.allCases { archive.config.sources[source] = SourceConfig(enabled: false) }
        var deps = archive.dependencies()
        deps.serveSite = true
        #expect(throws: StartupError.siteWithoutCredentialsOffLoopback(address: "0.0.0.0:9099")) {
            _ = try AftermathServer.buildRouter(deps)
        }
        #expect(StartupError.siteWithoutCredentialsOffLoopback(address: "0.0.0.0:9099").description.contains("site_access.basic_auth"))
    }
}
