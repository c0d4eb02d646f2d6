import Foundation
import Testing
@_spi(Benchmark) @testable import Site

/// The compiled template renderer against swift-mustache, the reference.
@Suite("Site template renderer")
struct TemplateRendererTests {
    func render(_ template: String, _ context: [String: Any], partials: [String: String] = [:]) throws -> String {
        var set = TemplateSet()
        try set.register(template, named: "t")
        for (name, text) in partials { try set.register(text, named: name) }
        return set.render("t", context)
    }

    @Test("Variables, sections, inverted sections, partials, transforms and escaping")
    func basics() throws {
        let context: [String: Any] = [
            "name": "<b>\"x\" & 'y'</b>", "n": 3, "yes": true, "no": false, "items": [["k": "a"], ["k": "b"]], "empty": [[String: Any]](),
            "words": ["p", "q"], "nested": ["inner": "deep"], "raw": "<i>ok</i>",
        ]
        #expect(try render("{{name}}|{{{raw}}}|{{& raw}}|{{n}}", context) == "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;|<i>ok</i>|<i>ok</i>|3")
        #expect(try render("{{#items}}[{{k}}{{name}}]{{/items}}{{^empty}}none{{/empty}}{{#no}}x{{/no}}{{#yes}}y{{/yes}}", ["name": "!"].merging(context) { a, _ in a }) == "[a!][b!]noney")
        #expect(try render("{{#words}}<{{.}}>{{/words}}|{{nested.inner}}|{{^empty(items)}}has{{/empty(items)}}{{^empty(empty)}}bad{{/empty(empty)}}", context) == "<p><q>|deep|has")
        #expect(try render("a\n  {{#yes}}\nline\n  {{/yes}}\nb {{>p}}\n{{! comment }}\nc", context, partials: ["p": "P{{n}}"]) == "a\nline\nb P3\nc")
        #expect(throws: TemplateParser.ParseError.self) { try render("{{#open}}never closed", [:]) }
        #expect(throws: TemplateParser.ParseError.self) { try render("{{#a}}{{/b}}", [:]) }
    }

    @Test("A list of string dictionaries renders as the same list of any dictionaries does")
    func stringDictionaryLists() throws {
        let strings: [[String: String]] = [["k": "a"], ["k": "<b>"]]
        let anys: [[String: Any]] = strings
        let template = "{{#items}}[{{k}}{{name}}]{{/items}}{{^items}}x{{/items}}{{#none}}y{{/none}}{{^none}}z{{/none}}"
            + "|{{count(items)}}|{{^empty(items)}}has{{/empty(items)}}{{#empty(none)}} none{{/empty(none)}}"
        for list in [strings as Any, anys as Any] {
            let context: [String: Any] = ["items": list, "none": [[String: String]](), "k": "outer", "name": "n"]
            #expect(try render(template, context) == "[an][&lt;b&gt;n]z|2|has none", "\(type(of: list))")
        }
    }

    @Test("Every page of a built site is the same with the compiled renderer and with swift-mustache")
    func matchesMustache() async throws {
        let fixture = try SiteFixture("site-templates")
        try await fixture.populateSmall()
        try await XSSCorpus.populate(fixture)
        _ = try await fixture.builder().build()
        var options = fixture.options()
        options.outputDirectory = fixture.directory.file("reference")
        options.referenceRenderer = true
        _ = try await SiteBuilder(database: fixture.database, options: options).build()
        let files = fixture.builtFiles()
        #expect(files.count > 30)
        func normalized(_ path: String, _ root: String) -> String {
            let text = (try? String(contentsOfFile: (root as NSString).appendingPathComponent(path), encoding: .utf8)) ?? "<missing>"
            return text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
        }
        for path in files where path.hasSuffix(".html") || path.hasSuffix(".xml") {
            #expect(normalized(path, fixture.output) == normalized(path, options.outputDirectory), "\(path) differs")
        }
    }
}
