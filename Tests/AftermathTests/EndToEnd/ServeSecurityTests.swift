import Foundation
import Testing

extension EndToEnd {
    /// `aftermath serve --serve-site` as a new user runs it, asked with curl (which sends exactly
    /// the Host and paths written, unlike a client library).
    @Suite("aftermath serve: the site over HTTP, credentials and hosts")
    struct ServeSecurityTests {
        /// `curl` → (status, headers, body); `extra` are curl arguments.
        static func curl(_ url: String, _ extra: [String] = []) throws -> (status: Int, headers: String, body: String) {
            let curl = try #require(Programs.find("curl"), "curl is needed (Debian package curl)")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: curl)
            process.arguments = ["-s", "-S", "--path-as-is", "-D", "-", "--max-time", "10"] + extra + [url]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let text = String(decoding: data, as: UTF8.self)
            let parts = text.components(separatedBy: "\r\n\r\n")
            let head = parts.first ?? ""
            let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
            return (status, head, parts.dropFirst().joined(separator: "\r\n\r\n"))
        }

        /// A config with every source disabled (so only the site's rule decides) and `extra` YAML.
        static func config(_ dir: TemporaryDirectory, _ extra: String) throws -> String {
            let sources = ["alertmanager", "grafana", "pagerduty", "victorops", "opsgenie", "statuspage", "healthchecks", "generic", "github", "argocd"]
                .map { "  \($0): { enabled: false }" }.joined(separator: "\n")
            return try dir.write("aftermath.yaml", "sources:\n\(sources)\nsite: \(dir.file("site"))\n" + extra)
        }

        @Test("Off loopback without site_access the server refuses to start and says why")
        func refusedAtStart() throws {
            let dir = try TemporaryDirectory("serve-refused")
            let config = try Self.config(dir, "")
            let result = try runAftermath(["serve", "--config", config, "--archive", dir.file("archive"), "--listen", "0.0.0.0:0", "--serve-site", "--no-site"])
            #expect(result.status != 0)
            #expect(result.stderr.contains("refusing to serve the site on 0.0.0.0:0 without credentials"), "\(result.stderr)")
            #expect(result.stderr.contains("site_access.basic_auth"))
        }

        @Test("With site_access off loopback: 401 without credentials, 200 with basic or bearer; hidden and traversal paths 404")
        func credentialsAndPaths() async throws {
            let dir = try TemporaryDirectory("serve-site")
            try dir.write("site.pass", "c0rrect-h0rse\n")
            try dir.write("site.token", "site-t0ken\n")
            let config = try Self.config(dir, """
                site_access:
                  basic_auth: { username: oncall, password_file: \(dir.file("site.pass")) }
                  bearer_token_file: \(dir.file("site.token"))
                """)
            let build = try runAftermath(["site", "build", "--config", config, "--archive", dir.file("archive"), "--out", dir.file("site"),
                                          "--templates", (SiteFixture.templates as NSString).deletingLastPathComponent])
            #expect(build.status == 0, "\(build.stderr)")
            #expect(FileManager.default.fileExists(atPath: dir.file("site/.aftermath-site-manifest")))
            // 0.0.0.0 so that the listener is not loopback; every request below still goes to 127.0.0.1.
            let server = try await AftermathProcess(
                archive: dir.file("archive"), config: config, logPath: dir.file("serve.log"), extraArguments: ["--listen", "0.0.0.0:0", "--serve-site"])
            defer { server.process.stop() }
            let site = "http://127.0.0.1:\(server.port)/site/"

            let anonymous = try Self.curl(site + "index.html")
            #expect(anonymous.status == 401)
            #expect(anonymous.headers.lowercased().contains("www-authenticate: basic realm="))
            #expect(try Self.curl(site + "index.html", ["-u", "oncall:wrong"]).status == 401)
            let basic = try Self.curl(site + "index.html", ["-u", "oncall:c0rrect-h0rse"])
            #expect(basic.status == 200)
            #expect(basic.body.contains("<html"))
            for header in ["content-security-policy: default-src 'none'", "x-content-type-options: nosniff", "referrer-policy: no-referrer", "cache-control: private"] {
                #expect(basic.headers.lowercased().contains(header), "\(header) in \(basic.headers)")
            }
            #expect(try Self.curl(site + "index.html", ["-H", "Authorization: Bearer site-t0ken"]).status == 200)

            for path in [".aftermath-site-manifest", "%2Eaftermath-site-manifest", "%2easftermath-site-manifest", "incident/..%2F.aftermath-site-manifest",
                         "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/%2e%2e/etc/passwd", "../../../etc/passwd", "index.html%00.png"] {
                let answer = try Self.curl(site + path, ["-u", "oncall:c0rrect-h0rse"])
                #expect(answer.status == 404, "\(path) → \(answer.status)")
                #expect(!answer.body.contains("root:") && !answer.body.contains("aftermath-site-manifest"), "\(path)")
            }
        }

        @Test("On loopback only localhost, IP literals and server.allowed_hosts are answered (DNS rebinding); /metrics too, never through a proxy")
        func hostAllowList() async throws {
            let dir = try TemporaryDirectory("serve-hosts")
            let config = try dir.write("aftermath.yaml", "server:\n  allowed_hosts: [aftermath.internal]\n")
            let server = try await AftermathProcess(archive: dir.file("archive"), config: config, logPath: dir.file("serve.log"))
            defer { server.process.stop() }
            let health = "http://127.0.0.1:\(server.port)/healthz"
            for host in ["127.0.0.1:\(server.port)", "localhost:\(server.port)", "aftermath.internal:\(server.port)", "[::1]:\(server.port)", "AFTERMATH.INTERNAL."] {
                #expect(try Self.curl(health, ["-H", "Host: \(host)"]).status == 200, "\(host)")
            }
            for host in ["evil.example:\(server.port)", "127.0.0.1.nip.io", "localhost.evil.example", "aftermath.internal.evil.example"] {
                let answer = try Self.curl(health, ["-H", "Host: \(host)"])
                #expect(answer.status == 421, "\(host) → \(answer.status)")
            }
            let rebound = try Self.curl("http://127.0.0.1:\(server.port)/hooks/generic", [
                "-H", "Host: evil.example", "-H", "Content-Type: application/json", "--data", #"{"key":"rebound","status":"firing"}"#,
            ])
            #expect(rebound.status == 421)
            // /metrics follows the API's rule: direct requests on loopback, never a rebound name or a proxy.
            let metrics = "http://127.0.0.1:\(server.port)/metrics"
            #expect(try Self.curl(metrics, []).status == 200)
            #expect(try Self.curl(metrics, ["-H", "Host: evil.example"]).status == 421)
            #expect(try Self.curl(metrics, ["-H", "X-Forwarded-For: 203.0.113.7"]).status == 403)
            let listed = try runAftermath(["incident", "list", "--archive", dir.file("archive"), "--json"])
            #expect(!listed.stdout.contains("rebound"))
        }
    }
}
