import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

extension EndToEnd {
    /// What a browser can do to Aftermath, tried in headless Chromium: web pages (from file:// and
    /// from another origin) posting to the real server, and site search with words that are
    /// also JavaScript property names.
    @Suite("Browsers against Aftermath, in headless Chromium")
    struct BrowserSecurityChromiumTests {
        typealias Browser = SiteChromiumTests.Browser

        /// A page that tries every way a page can post without CORS: fetch no-cors with a text
        /// body and with a typeless Blob, and auto-submitted forms (text/plain carrying JSON,
        /// url-encoded to the notes API).
        static func attackPage(server: String, tag: String) -> String {
            let fetchBody = #"{"key":"page-fetch-\#(tag)","status":"firing","title":"made by a page"}"#
            let blobBody = #"{"key":"page-blob-\#(tag)","status":"firing","title":"made by a page"}"#
            return """
            <!doctype html><html><head><meta charset="utf-8"><title>attack \(tag)</title></head><body>
            <form id="json" method="POST" action="\(server)/hooks/generic" enctype="text/plain" target="sink1">
              <input name='{"key":"page-form-\(tag)","status":"firing","x":"' value='"}'>
            </form>
            <form id="notes" method="POST" action="\(server)/api/incidents/inc00001/notes" target="sink2">
              <input name="text" value="from a page \(tag)">
            </form>
            <iframe name="sink1"></iframe><iframe name="sink2"></iframe>
            <script>
              fetch('\(server)/hooks/generic', {method: 'POST', mode: 'no-cors', headers: {'Content-Type': 'text/plain'}, body: '\(fetchBody)'}).catch(function () {});
              fetch('\(server)/hooks/generic', {method: 'POST', mode: 'no-cors', body: new Blob(['\(blobBody)'])}).catch(function () {});
              document.getElementById('json').submit();
              document.getElementById('notes').submit();
              document.title = 'sent';
            </script>
            </body></html>
            """
        }

        @Test("Pages from file:// and from another origin post with fetch no-cors and forms: nothing is stored")
        func pagesCannotPost() async throws {
            let chromium = try #require(Programs.find("chromium", "chromium-browser"), "chromium is not installed (Debian package chromium)")
            let dir = try TemporaryDirectory("browser-post")
            let server = try await AftermathProcess(archive: dir.file("archive"), logPath: dir.file("aftermath.log"))
            defer { server.process.stop() }
            let pages = dir.file("pages")
            try FileManager.default.createDirectory(atPath: pages, withIntermediateDirectories: true)
            try Self.attackPage(server: server.baseURL, tag: "file").write(toFile: pages + "/file.html", atomically: true, encoding: .utf8)
            let originPage = Self.attackPage(server: server.baseURL, tag: "origin")
            let browser = Browser(executable: chromium, profile: dir.file("chromium-profile"), log: dir.file("chromium.log"))
            let fromFile = try browser.dom(URL(fileURLWithPath: pages + "/file.html").absoluteString)
            #expect(fromFile.contains("<title>sent</title>"), "the file:// page ran its script")

            // Another origin: the same page served from another port of 127.0.0.1.
            try await FakeServer.run(routes: { router in
                router.get("/origin.html") { _, _ in FakeServer.response(.ok, originPage, contentType: "text/html; charset=utf-8") }
            }) { port, _ in
                let fromOrigin = try browser.dom("http://127.0.0.1:\(port)/origin.html")
                #expect(fromOrigin.contains("<title>sent</title>"), "the other origin's page ran its script")

                // The other origin's requests reached the server and were refused there (four of them:
                // two fetches and two forms); whatever the file:// page got through was refused too.
                // (Stops early if a page's webhook was stored, to say so.)
                let seen = try await Wait.until("the server to refuse the other origin's four requests", timeout: 30, interval: 0.5) {
                    () -> (refusals: [Substring], listed: String)? in
                    let listed = try runAftermath(["incident", "list", "--archive", dir.file("archive"), "--json"]).stdout
                    let lines = server.process.output().split(separator: "\n").filter { $0.contains("browser-like request refused") }
                    if listed.contains("page-") || lines.filter({ $0.contains("http://127.0.0.1:\(port)") }).count >= 4 { return (lines, listed) }
                    return nil
                }
                #expect(!seen.listed.contains("page-"), "a page's webhook was stored: \(seen.listed)")
                #expect(seen.refusals.allSatisfy { $0.contains("Origin") || $0.contains("Sec-Fetch-Site") })
                let quarantined = try runAftermath(["quarantine", "list", "--archive", dir.file("archive"), "--json"])
                #expect(!quarantined.stdout.contains("page-"), "\(quarantined.stdout)")

                // The same body from a program (no Origin) is accepted: the refusal was the browser's.
                let control = try await HTTPClient.shared.postStatus(
                    server.baseURL + "/hooks/generic", body: Array(#"{"key":"program-control","status":"firing","title":"from a program"}"#.utf8))
                #expect(control == 202)
                let after = try runAftermath(["incident", "list", "--archive", dir.file("archive"), "--json"])
                #expect(after.stdout.contains("from a program"))
                #expect(!after.stdout.contains("made by a page"))
            }
        }

        @Test("Search for __proto__, constructor, toString and hasOwnProperty, indexed as words: correct results, no script error",
              arguments: ["__proto__", "constructor", "toString", "hasOwnProperty"])
        func prototypeWords(word: String) async throws {
            let chromium = try #require(Programs.find("chromium", "chromium-browser"), "chromium is not installed (Debian package chromium)")
            let fixture = try SiteFixture("site-prototype-\(word)")
            let incidents = try await fixture.populateSmall()
            let ids = try await fixture.addEvidence(incident: incidents[1], items: [
                fixture.log(["object __proto__ was replaced", "constructor failed to start", "toString returned garbage",
                             "hasOwnProperty check skipped", "valueOf is fine"], path: "/var/log/js.log", start: incidents[1].start),
            ])
            let evidence = try #require(ids.first)
            _ = try await fixture.builder().build()
            let browser = Browser(executable: chromium, profile: fixture.directory.file("chromium-profile"), log: fixture.directory.file("chromium.log"))
            let site = URL(fileURLWithPath: fixture.output).absoluteString
            let line = ["__proto__": 1, "constructor": 2, "toString": 3, "hasOwnProperty": 4][word] ?? 0

            let result = try browser.run(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom",
                                          site + "search.html?q=" + word])
            let dom = result.stdout
            #expect(dom.contains("href=\"evidence/\(evidence).html#L\(line)\""), "\(word) finds its log line")
            #expect(dom.contains("1 result(s) for"), "\(word): exactly one result")
            #expect(dom.contains("<mark>\(word)</mark>") || dom.contains("<mark>\(word.lowercased())</mark>"))
            // Other searches in the same index still work.
            let deadlock = try browser.dom(site + "search.html?q=deadlock")
            #expect(deadlock.contains("href=\"evidence/ev-2.html#L2\""))
            if word == "__proto__" {
                let shots = (SiteFixture.repositoryRoot as NSString).appendingPathComponent("test-output/site")
                try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
                try browser.screenshot(site + "search.html?q=__proto__", to: shots + "/search-proto.png", height: 700)
            }
            let log = (try? String(contentsOfFile: fixture.directory.file("chromium.log"), encoding: .utf8)) ?? ""
            #expect(!log.contains("Uncaught"), "a script error: \(log.split(separator: "\n").filter { $0.contains("Uncaught") }.prefix(3))")
        }
    }
}
