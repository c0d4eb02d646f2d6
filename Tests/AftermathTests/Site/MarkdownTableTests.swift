import Foundation
import PostmortemFormat
@testable import Site
import Testing

/// GitHub-style tables and task lists on top of libcmark, checked against the `cmark-gfm` command
/// (the oracle) by structure, on the GFM spec's table examples, cmark-gfm's own extension tests,
/// the edge cases where CommonMark and GFM end a block differently, and the generator's output.
@Suite("Markdown tables and task lists")
struct MarkdownTableTests {
    /// Citations resolve to nothing and cells keep their text, so the output is plain GFM.
    let renderer = MarkdownRenderer(timeCells: false) { _ in nil }

    /// The table examples of the GitHub Flavored Markdown spec 0.29 ("Tables (extension)",
    /// examples 198–205; cmark-gfm test/spec.txt) and of cmark-gfm's test/extensions.txt.
    static let specExamples: [String] = [
        "| foo | bar |\n| --- | --- |\n| baz | bim |\n",
        "| abc | defghi |\n:-: | -----------:\nbar | baz\n",
        "| f\\|oo  |\n| ------ |\n| b `\\|` az |\n| b **\\|** im |\n",
        "| abc | def |\n| --- | --- |\n| bar | baz |\n> bar\n",
        "| abc | def |\n| --- | --- |\n| bar | baz |\nbar\n\nbar\n",
        "| abc | def |\n| --- |\n| bar |\n",
        "| abc | def |\n| --- | --- |\n| bar |\n| bar | baz | boo |\n",
        "| abc | def |\n| --- | --- |\n",
        "Hello!\n| _abc_ | セン |\n| ----- | ---- |\n| 1. Block elements inside cells don't work. | |\n| But _**inline elements do**_. | x |\nHi!\n",
        "abc | def\n--- | ---\nxyz | ghi\n",
        "Hello!\n| _abc_ | セン |\n| ----- | ---- |\n| this row has a space at the end | | \n| But _**inline elements do**_. | x |\nHi!\n",
        "| Not enough table | to be considered table |\n| Not enough table | to be considered table |\n| Just enough table | to be considered table |\n| ----------------- | ---------------------- |\n| ---- | --- |\n|x|\n",
    ]

    /// Where CommonMark and GFM part ways, containers, and what may sit inside a cell.
    static let edgeCases: [String] = [
        "| a | b |\n| - | - |\n| c | d |\n2. x\n",
        "| a | b |\n| - | - |\n| c | d |\n    code\n",
        "| a | b |\n| - | - |\n| c | d |\n-\n",
        "- | a | b |\n  | :- | -: |\n  | c | d |\n\n  after\n",
        "> | a | b |\n> | - | - |\n> | c | d |\n\ntext\n",
        "1. item\n\n   | a |\n   | :-: |\n   | b |\n",
        "| *lead* | _x_ y | **b** |\n| --- | --- | --- |\n| # not a heading | > not a quote | 1. not a list |\n| `co|de` | a \\\\| b |  |\n",
        "| link | code |\n| --- | --- |\n| [ref][r] and [x](https://example.com/a?b=1) | `x` <span>raw</span> |\n\n[r]: https://example.com/r\n",
        "| a |\n| --- |\n| \\* escaped | \n| &amp; &#42; entity |\n",
        "| Time (UTC) | Event |\n| --- | --- |\n| 2026-11-27 11:38:14 | First error in /var/log/app.log: ERROR x=1 |\n---\n",
        "| a | b |\n| - | - |\n| c | d |\n-\n",
        "| a |\n| - |\n| c |\n===\n",
        "Text before\nmore text\n| x | y |\n|---|:---:|\n| 1 | 2 |\n",
        "|a|b|\n|-|-|\n|1|2|\n\n|c|\n|-|\n|3|\n",
    ]

    /// Each example against cmark-gfm, one at a time (a burst of oracle processes would crowd the
    /// suite's start on two cores).
    func compareWithOracle(_ examples: [String]) async throws {
        for markdown in examples {
            let mine = GFMOracle.tokens(renderer.render(markdown).html)
            let oracle = GFMOracle.tokens(try await GFMOracle.render(markdown))
            #expect(mine == oracle, "\(markdown)\nmine:   \(mine)\noracle: \(oracle)")
        }
    }

    @Test("Tables match cmark-gfm on the GFM spec and cmark-gfm's own examples")
    func specTables() async throws {
        try await compareWithOracle(Self.specExamples)
    }

    @Test("Edge cases match cmark-gfm: blocks GFM starts after a table, containers, cell content")
    func edgeCaseTables() async throws {
        try await compareWithOracle(Self.edgeCases)
    }

    @Test("Task list items match cmark-gfm's tasklist extension")
    func taskLists() async throws {
        let markdown = "- [ ] open\n- [x] done\n- [X] also done\n- [y] not a task\n- [ ]\n- plain\n\n1. [ ] numbered\n\n- [ ] loose\n\n- [x] list\n"
        let mine = GFMOracle.tokens(renderer.render(markdown).html)
        let oracle = GFMOracle.tokens(try await GFMOracle.render(markdown, extensions: ["table", "tasklist"]))
        #expect(mine == oracle, "mine:   \(mine)\noracle: \(oracle)")
        let html = renderer.render(markdown).html
        #expect(html.contains("<li><input type=\"checkbox\" disabled=\"\" /> open</li>"))
        #expect(html.contains("<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>"))
    }

    @Test("A generated postmortem's tables have the same rows, cells and alignment as cmark-gfm's")
    func generatedPostmortem() async throws {
        let text = String(decoding: try Data(contentsOf: Fixtures.directory.appendingPathComponent("postmortem/checkout-high-error-rate.md")), as: UTF8.self)
        let body = PostmortemDocument.split(text).body
        let mine = GFMOracle.tables(renderer.render(body).html)
        let oracle = GFMOracle.tables(try await GFMOracle.render(body))
        #expect(mine.count >= 4, "header, impact, timeline, evidence and action items are tables")
        #expect(mine == oracle)
        let timeline = try #require(mine.first { $0.first?.first == "<th> Time (UTC)" })
        #expect(timeline.count > 5)
        #expect(timeline.dropFirst().allSatisfy { $0.count == 3 })
    }

    @Test("Cells keep the safety rules: raw HTML omitted, unsafe links dropped, external links marked")
    func cellSafety() {
        let markdown = "| a | b |\n| - | - |\n| <script>alert(1)</script> | [x](javascript:alert(1)) |\n| [ok](https://example.com) | ![img](https://evil.example/p.png) |\n"
        let html = MarkdownRenderer { _ in nil }.render(markdown).html
        #expect(html.contains("<table>"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("javascript:"))
        #expect(html.contains("<a rel=\"noopener noreferrer\" href=\"https://example.com\">ok</a>"))
        #expect(!html.contains("src=\"https://evil"))
    }

    @Test("Evidence citations in cells link to the evidence page; dangling ones are reported")
    func cellCitations() {
        let markdown = "| Time | Evidence |\n| --- | --- |\n| 11:42 | [ev-12](aftermath:evidence/ev-12) [ev-99](aftermath:evidence/ev-99) |\n"
        let out = MarkdownRenderer { $0 == "ev-12" ? "../evidence/ev-12.html" : nil }.render(markdown)
        #expect(out.html.contains("<td><a href=\"../evidence/ev-12.html\" title=\"evidence ev-12\">ev-12</a> ev-99</td>"))
        #expect(out.danglingCitations == ["ev-99"])
    }

    @Test("A cell starting with a timestamp shows it in the site's format inside <time datetime>")
    func timeCells() {
        let markdown = "| Time (UTC) | Event |\n| --- | --- |\n| 2026-11-27 11:38:14 | fired |\n| 2026-11-27 11:42:14.186: first error | x |\n| 2026-11-27T11:50:00Z | iso |\n| 2026-11-27 11:38:14x | not a time |\n| x | 2026-11-27 11:00:00 → 2026-11-27 12:00:00 |\n"
        let html = MarkdownRenderer { _ in nil }.render(markdown).html
        #expect(html.contains("<td><time datetime=\"2026-11-27T11:38:14Z\">2026-11-27 11:38:14 UTC</time></td>"))
        #expect(html.contains("<td><time datetime=\"2026-11-27T11:42:14.186Z\">2026-11-27 11:42:14 UTC</time>: first error</td>"))
        #expect(html.contains("<td><time datetime=\"2026-11-27T11:50:00Z\">2026-11-27 11:50:00 UTC</time></td>"))
        #expect(html.contains("<td>2026-11-27 11:38:14x</td>"))
        #expect(html.contains("<td><time datetime=\"2026-11-27T11:00:00Z\">2026-11-27 11:00:00 UTC</time> → <time datetime=\"2026-11-27T12:00:00Z\">2026-11-27 12:00:00 UTC</time></td>"))
    }

    @Test("Row syntax: unescaped pipes split, outer pipes optional, delimiter alignments")
    func rowSyntax() {
        func cells(_ s: String) -> [String] { PipeTableSyntax.cells(Array(s.utf8)[...]).map { String(decoding: $0, as: UTF8.self) } }
        #expect(cells("| a | b |") == ["a", "b"])
        #expect(cells("a|b") == ["a", "b"])
        #expect(cells("| a \\| b |") == ["a | b"])
        #expect(cells("| a \\\\| b |") == ["a \\| b"], "cmark-gfm: a backslash right before a pipe escapes it")
        #expect(cells("| |") == [""])
        #expect(cells("|").isEmpty)
        #expect(PipeTableSyntax.delimiter(Array("| :-- | :-: | --: | --- |".utf8)[...]) == [.left, .center, .right, .none])
        #expect(PipeTableSyntax.delimiter(Array("| --- | x |".utf8)[...]) == nil)
        #expect(PipeTableSyntax.delimiter(Array("    | --- |".utf8)[...]) == nil)
    }
}
