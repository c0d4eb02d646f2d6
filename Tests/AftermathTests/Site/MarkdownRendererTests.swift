import Foundation
import PostmortemFormat
@testable import Site
import Testing

/// Postmortem Markdown through libcmark in safe mode with the site's link rules.
@Suite("Postmortem Markdown rendering")
struct MarkdownRendererTests {
    let renderer = MarkdownRenderer { id in id == "ev-12" ? "../evidence/ev-12.html" : nil }

    @Test("Evidence citations point at the evidence page; missing ones become text and are reported")
    func citations() {
        let out = renderer.render("See [ev-12](aftermath:evidence/ev-12) and [ev-99](aftermath:evidence/ev-99).")
        #expect(out.html == "<p>See <a href=\"../evidence/ev-12.html\" title=\"evidence ev-12\">ev-12</a> and ev-99.</p>\n")
        #expect(out.danglingCitations == ["ev-99"])
    }

    @Test("External links survive with rel=noopener noreferrer; every other target loses its link", arguments: [
        "[x](javascript:alert(1))", "[x](JAVASCRIPT:alert(1))", "[x](data:text/html;base64,PHNjcmlwdD4=)", "[x](vbscript:msgbox(1))",
        "[x](file:///etc/passwd)", "[x](/incidents/1/)", "[x](mailto:a@example.com)", "[x](aftermath:incident/abc)", "<javascript:alert(1)>",
        "[x]( javascript:alert(1))", "[x](java&#x09;script:alert(1))",
    ])
    func inertLinks(markdown: String) {
        let html = renderer.render(markdown).html
        #expect(!html.contains("<a"), "\(markdown) → \(html)")
        #expect(!html.lowercased().contains("javascript:") || !html.contains("href"), "\(html)")
    }

    @Test("An http(s) link keeps its URL and gets rel")
    func externalLink() {
        let html = renderer.render("[runbook](https://runbooks.example.com/x?a=1&b=\"2\") <https://example.com>").html
        #expect(html.contains("<a rel=\"noopener noreferrer\" href=\"https://runbooks.example.com/x?a=1&amp;b=%222%22\">runbook</a>"))
        #expect(html.contains("<a rel=\"noopener noreferrer\" href=\"https://example.com\">https://example.com</a>"))
    }

    @Test("Raw HTML is omitted, never passed through")
    func rawHTML() {
        let html = renderer.render("<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> <a href=\"javascript:x\">y</a>\n\n<iframe src=\"https://evil\"></iframe>").html
        #expect(!html.contains("<script"))
        #expect(!html.contains("onerror"))
        #expect(!html.contains("<iframe"))
        #expect(!html.contains("<img"))
        #expect(html.contains("raw HTML omitted"))
    }

    @Test("External images become links, never loaded; inline data images stay")
    func images() {
        let html = renderer.render("![chart](https://attacker.example/p.png?leak) ![local](img/x.png) ![ok](data:image/png;base64,iVBORw0KGgo=)").html
        #expect(!html.contains("src=\"https://"))
        #expect(html.contains("<a rel=\"noopener noreferrer\" href=\"https://attacker.example/p.png?leak\">image: chart</a>"))
        #expect(!html.contains("img/x.png"))
        #expect(html.contains("local"))
        #expect(html.contains("<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"ok\" />"))
    }

    @Test("A code fence inside text cannot break out into HTML")
    func fences() {
        let html = renderer.render("````text\n```\n<script>alert(1)</script>\n```\n````\n\n```\n</code></pre><script>x</script>\n```").html
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    @Test("Machine region markers are stripped; their content stays")
    func machineRegions() {
        let md = "# T\n<!-- aftermath:begin timeline -->\n- 11:42 fired\n<!-- aftermath:end timeline -->\n\nafter\n"
        let html = renderer.render(md).html
        #expect(html == "<h1>T</h1>\n<ul>\n<li>11:42 fired</li>\n</ul>\n<p>after</p>\n")
    }

    @Test("Front matter splits off at the first --- pair")
    func frontMatter() throws {
        let (yaml, body) = PostmortemDocument.split("---\nid: abc\ntitle: \"x: y\"\nservices: [a, b]\nstatus: in review\n---\n# Body\n")
        #expect(body == "# Body\n")
        let front = try FrontMatter.parse(yaml: try #require(yaml))
        #expect(front.id == "abc")
        #expect(front.title == "x: y")
        #expect(front.services == ["a", "b"])
        #expect(front.status == .inReview)
        #expect(PostmortemDocument.split("# No front matter\n---\n").frontMatter == nil)
        #expect(throws: FrontMatter.ParseError.self) { try FrontMatter.parse(yaml: "title: [unclosed") }
        #expect(throws: FrontMatter.ParseError.self) { try FrontMatter.parse(yaml: "title: no id") }
    }
}
