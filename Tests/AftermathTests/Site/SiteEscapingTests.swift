import Foundation
import Testing
@testable import Site

/// Escaping for every context the site writes, and which URLs may become links.
@Suite("Site escaping and link policy")
struct SiteEscapingTests {
    @Test("HTML.escape covers text and both attribute quotings")
    func escape() {
        #expect(HTML.escape("<script>alert('x') & \"y\"</script>") == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
        #expect(HTML.escape("plain text, ünïcode ✓") == "plain text, ünïcode ✓")
        #expect(HTML.escape("\" onmouseover=\"alert(1)") == "&quot; onmouseover=&quot;alert(1)")
    }

    @Test("Control characters are shown as U+FFFD; tabs and newlines stay")
    func visible() {
        #expect(HTML.visible("a\u{1B}[31mred\u{0}\tb\nc") == "a\u{FFFD}[31mred\u{FFFD}\tb\nc")
    }

    @Test("Only absolute http(s) URLs with a host become links", arguments: [
        ("https://runbooks.example.com/a?b=c#d", true), ("http://grafana:3000/d/x", true), ("HTTPS://EXAMPLE.COM", true),
        ("javascript:alert(1)", false), ("JaVaScRiPt:alert(1)", false), (" javascript:alert(1)", false),
        ("java\tscript:alert(1)", false), ("data:text/html;base64,PHNjcmlwdD4=", false), ("vbscript:msgbox", false),
        ("file:///etc/passwd", false), ("//evil.example/x", false), ("/relative/path", false), ("https://", false),
        ("https:///nohost", false), ("http://exa mple.com", false), ("https://example.com/\u{0}", false), ("https:\\\\evil.example", false),
    ])
    func links(url: String, allowed: Bool) {
        #expect((LinkPolicy.externalURL(url) != nil) == allowed, "\(url)")
    }

    @Test("Evidence citations name ev-<digits> only")
    func citations() {
        #expect(LinkPolicy.citedEvidence("aftermath:evidence/ev-12") == "ev-12")
        #expect(LinkPolicy.citedEvidence("aftermath:evidence/ev-12/../../x") == nil)
        #expect(LinkPolicy.citedEvidence("aftermath:evidence/ev-") == nil)
        #expect(LinkPolicy.citedEvidence("aftermath:incident/abc") == nil)
    }

    @Test("Slugs are file-name safe and keep different names apart")
    func slugs() {
        #expect(Slug.make("checkout") == "checkout")
        #expect(Slug.make("ev-12") == "ev-12")
        let a = Slug.make("Check Out"), b = Slug.make("check-out"), c = Slug.make("../../etc/passwd"), d = Slug.make("<script>")
        #expect(a != b)
        for slug in [a, c, d, Slug.make(""), Slug.make("日本語")] {
            #expect(!slug.isEmpty)
            #expect(slug.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }, "\(slug)")
        }
    }

    @Test("Timeline text is escaped and links only evidence that exists")
    func timelineText() {
        let html = TimelineText.html("Capture finished [ev-1 … ev-3] <b>ev-9</b> dev-1", evidenceExists: { $0 == "ev-1" || $0 == "ev-3" })
        #expect(html == "Capture finished [<a href=\"../evidence/ev-1.html\">ev-1</a> … <a href=\"../evidence/ev-3.html\">ev-3</a>] &lt;b&gt;ev-9&lt;/b&gt; dev-1")
    }

    @Test("Log viewer escapes lines, numbers them with anchors and keeps CR LF lines apart")
    func logViewer() {
        let html = LogViewer.output(content: "one\r\n<script>alert(1)</script>\n\nfour\n")
        #expect(html.contains("<tr id=\"L2\"><td class=\"ln\"><a href=\"#L2\">2</a></td><td class=\"msg\">&lt;script&gt;alert(1)&lt;/script&gt;</td></tr>"))
        #expect(html.contains("id=\"L4\""))
        #expect(!html.contains("id=\"L5\""))
        #expect(!html.contains("\r"))
    }

    @Test("Search shards are inert JSON: quotes, tags and line separators escaped")
    func searchJSON() {
        #expect(SearchShard.json("a\"b\\c</script>\u{2028}\n") == "\"a\\\"b\\\\c\\u003c/script\\u003e\\u2028\\n\"")
        #expect(SearchTokenizer.terms("Deadlock detected; DEADLOCK in Straße_2 x") == ["deadlock", "detected", "in", "straße_2"])
        #expect(SearchShard.json("tab\tnul\u{0}del\u{7F} é 日本 \u{2029}&") == "\"tab\\tnul\\u0000del\\u007f é 日本 \\u2029\\u0026\"")
    }

    @Test("The byte-level tokenizer splits like the scalar-by-scalar reference, 2,000 random mixed lines")
    func tokenizerMatchesReference() {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("abcXYZ019_ -.;:/=\"'<>{}[]()\t\néßİΣσ日本—·\u{301}🔥٣Ωñ")
        for _ in 0..<2_000 {
            let line = String((0..<Int.random(in: 0...120, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
                + String(repeating: "Ab9é", count: Int.random(in: 0...15, using: &random))
            var fast: [String] = []
            SearchTokenizer.forEachTerm(line) { fast.append($0) }
            var reference: [String] = []
            ReferenceTokenizer.forEachTerm(line) { reference.append($0) }
            #expect(fast == reference, "\(line)")
        }
    }
}

/// The tokenizer as first written, scalar by scalar: the oracle for the byte-level one.
enum ReferenceTokenizer {
    static func forEachTerm(_ text: String, _ body: (String) -> Void) {
        var current: [UInt8] = []
        var unicode = ""
        var sawNonASCII = false
        func flush() {
            defer { current.removeAll(keepingCapacity: true); unicode = ""; sawNonASCII = false }
            if sawNonASCII {
                let term = String(unicode.lowercased().prefix(SearchTokenizer.maxLength))
                if term.count >= 2 { body(term) }
            } else if current.count >= 2 {
                body(String(decoding: current.prefix(SearchTokenizer.maxLength), as: UTF8.self))
            }
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                let b = UInt8(v)
                if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F {
                    current.append(b)
                    if sawNonASCII { unicode.unicodeScalars.append(scalar) }
                } else if b >= 0x41 && b <= 0x5A {
                    current.append(b + 32)
                    if sawNonASCII { unicode.unicodeScalars.append(scalar) }
                } else if !current.isEmpty || sawNonASCII {
                    flush()
                }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if !sawNonASCII {
                    sawNonASCII = true
                    unicode = String(decoding: current, as: UTF8.self)
                }
                unicode.unicodeScalars.append(scalar)
            } else if !current.isEmpty || sawNonASCII {
                flush()
            }
        }
        if !current.isEmpty || sawNonASCII { flush() }
    }

}
