import Foundation
import Testing
@testable import Site

/// Matrix rows 25–26, statically: the XSS corpus leaves no event handler, script URL, inline
/// script or style, or external resource in any generated file, and every page carries the CSP.
@Suite("Site XSS corpus (static scan)")
struct SiteXSSTests {
    @Test("Every generated file is free of executable or external content")
    func scanEveryFile() async throws {
        let fixture = try SiteFixture("site-xss")
        try await XSSCorpus.populate(fixture)
        let report = try await fixture.builder().build()
        let files = fixture.builtFiles()
        #expect(files.count == report.written.count)
        #expect(files.count > 20)
        let findings = SiteSafetyScan.scan(root: fixture.output, files: files)
        #expect(findings.isEmpty, "\(findings.prefix(20))")
        let html = files.filter { $0.hasSuffix(".html") }
        #expect(html.allSatisfy { fixture.page($0).contains(SitePolicy.cspMeta) })

        // The payloads are shown as text, not dropped: people can read what was sent.
        let incident = fixture.page("incident/xss00001.html")
        #expect(incident.contains("&lt;script&gt;document.title=&#39;XSS&#39;"))
        #expect(incident.contains("<dd>javascript:document.body.id=&#39;xss-ran&#39;</dd>"), "a javascript: annotation is text, not a link")
        #expect(incident.contains("href=\"https://runbooks.example.com/ok\" rel=\"noopener noreferrer\""))
        #expect(incident.contains("<a href=\"../evidence/ev-1.html\" title=\"evidence ev-1\">ev-1</a>"))
        #expect(incident.contains("image: beacon"))
        #expect(!incident.contains("src=\"https://attacker"), "no external image")
        let log = fixture.page("evidence/ev-2.html")
        #expect(log.contains("&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;"))
        // Sanity check of the scanner itself: it does flag what it must.
        #expect(!SiteSafetyScan.scanMarkup("<img src=\"https://x/p.png\"><a href=\"javascript:x\">a</a><p onclick=\"x\">").isEmpty)
        #expect(SiteSafetyScan.scanMarkup("<img src=\"https://x/p.png\">").count == 1)
        #expect(!SiteSafetyScan.scanMarkup("<a href=\"jav&#x61;script:x\">a</a>").isEmpty)
        #expect(SiteSafetyScan.scanMarkup("<div ONMOUSEOVER=x>").count == 1)
        #expect(SiteSafetyScan.scanMarkup("<script>x</script>").count == 1)
        #expect(SiteSafetyScan.scanMarkup("<p>&lt;script onerror=x&gt;</p>").isEmpty)
    }
}
