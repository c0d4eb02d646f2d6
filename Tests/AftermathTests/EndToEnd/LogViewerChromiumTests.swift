import Foundation
@testable import Site
import Testing

extension EndToEnd {
    /// The evidence page's log filter as a person uses it: a built site opened from file:// in
    /// headless Chromium, the filter given in the URL (as the script keeps it there), the DOM read
    /// after the script ran. Screenshots in test-output/site/.
    @Suite("Log viewer in headless Chromium")
    struct LogViewerChromiumTests {
        static let lineCount = 50_000

        /// Access and application lines; every 13th a 4xx on a device, some errors and warnings,
        /// and markup that must stay text.
        static func line(_ i: Int) -> String {
            if i == 42 { return "level=info status=404 <b>bold</b> req=\"GET /v1/devices/42\"" }
            if i % 1000 == 7 { return "level=error status=503 ERROR deadlock detected on table orders" }
            if i % 97 == 0 { return "level=warn status=429 WARN slow client on /v1/devices/\(i)" }
            if i % 13 == 0 { return "level=info status=404 dur_ms=\(i % 500) req=\"GET /v1/devices/\(i)\"" }
            return "level=info status=200 dur_ms=\(i % 700) req=\"GET /v1/users/\(i)\""
        }

        func occurrences(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

        @Test("A 50,000-line item: a regex hides the other lines and marks matches, anchors stay, bad patterns say so")
        func filter() async throws {
            let chromium = try #require(Programs.find("chromium", "chromium-browser"), "chromium is not installed (Debian package chromium)")
            let fixture = try SiteFixture("log-viewer")
            let incident = fixture.incident(1)
            try await fixture.insert([incident])
            let lines = (1...Self.lineCount).map(Self.line)
            let ids = try await fixture.addEvidence(incident: incident, items: [fixture.log(lines)])
            let id = try #require(ids.first)
            _ = try await fixture.builder().build()
            let browser = SiteChromiumTests.Browser(
                executable: chromium, profile: fixture.directory.file("chromium-profile"), log: fixture.directory.file("chromium.log"))
            let page = URL(fileURLWithPath: fixture.output).absoluteString + "evidence/\(id).html"
            func dom(_ query: String) throws -> String {
                let result = try browser.run(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=10000", "--dump-dom", page + query], timeout: 180)
                #expect(result.status == 0, "chromium exited \(result.status); log: \(browser.log)")
                return result.stdout
            }
            func encoded(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }
            let rowCount = { (dom: String) in self.occurrences("<tr id=\"L", in: dom) }
            let hiddenCount = { (dom: String) in self.occurrences("\" hidden=\"\"><td class=\"ln\">", in: dom) }

            let pattern = "status=4[0-9]{2} .* /v1/devices/[0-9]+"
            let icu = try NSRegularExpression(pattern: pattern)
            let expected = lines.filter { icu.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil }.count
            #expect(expected > 3000 && expected < Self.lineCount / 2)
            let filtered = try dom("?filter=\(encoded(pattern))&regex=1")
            #expect(rowCount(filtered) == Self.lineCount, "every #L row (and anchor) is still there")
            #expect(occurrences("<a href=\"#L", in: filtered) == Self.lineCount)
            #expect(Self.lineCount - hiddenCount(filtered) == expected, "only matching lines are shown")
            #expect(filtered.contains("\(expected) of \(Self.lineCount) lines match."))
            #expect(filtered.contains("<div class=\"log-filter\">"), "the script shows the filter bar")
            #expect(filtered.contains("<tr id=\"L13\"><td class=\"ln\"><a href=\"#L13\">13</a></td>"), "L13 (a 404 on a device) is shown")
            #expect(filtered.contains("<tr id=\"L14\" hidden=\"\">"), "L14 (a 200) is hidden")
            #expect(filtered.contains("<mark>status=404 &lt;b&gt;bold&lt;/b&gt; req=\"GET /v1/devices/42</mark>"), "marked, and markup stays text")
            #expect(occurrences("<mark>", in: filtered) == expected)
            #expect(occurrences("class=\"lvl-error\"", in: filtered) == 50, "ERROR lines are tinted")
            #expect(occurrences("class=\"lvl-warn\"", in: filtered) == lines.filter { $0.hasPrefix("level=warn") }.count)

            let plain = try dom("?filter=DEADLOCK")
            #expect(Self.lineCount - hiddenCount(plain) == 50, "plain text ignores case unless asked")
            let cased = try dom("?filter=DEADLOCK&case=1")
            #expect(Self.lineCount - hiddenCount(cased) == 0)
            #expect(cased.contains("0 of \(Self.lineCount) lines match."))
            let literal = try dom("?filter=\(encoded("(a+)+$"))")
            #expect(literal.contains("0 of \(Self.lineCount) lines match."), "plain text is not a pattern")

            try? FileManager.default.removeItem(atPath: browser.log)
            let invalid = try dom("?filter=\(encoded("status=(4"))&regex=1")
            #expect(invalid.contains("Invalid regular expression:"), "a clear message")
            #expect(invalid.contains("showing every line."))
            #expect(invalid.contains("aria-invalid=\"true\""))
            #expect(hiddenCount(invalid) == 0, "nothing is filtered by a pattern that does not compile")
            let log = (try? String(contentsOfFile: browser.log, encoding: .utf8)) ?? ""
            #expect(!log.contains("Uncaught"), "no exception: \(log.suffix(500))")

            let shots = (SiteFixture.repositoryRoot as NSString).appendingPathComponent("test-output/site")
            try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
            try browser.screenshot(page + "?filter=\(encoded(pattern))&regex=1", to: shots + "/log-filter.png", height: 900)
            try browser.screenshot(page + "?filter=\(encoded("status=(4"))&regex=1", to: shots + "/log-filter-invalid.png", height: 900)
        }
    }
}
