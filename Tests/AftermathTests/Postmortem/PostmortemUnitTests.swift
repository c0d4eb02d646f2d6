import AftermathCore
import Archive
import Foundation
@testable import Postmortem
import Settings
import Testing

/// The small pieces: escaping, thresholds, moments, diffs, the template copy.
@Suite("Postmortem pieces")
struct PostmortemUnitTests {
    @Test("Untrusted text becomes one line of inert Markdown")
    func escaping() {
        #expect(MarkdownText.inline("a | b") == "a \\| b")
        #expect(MarkdownText.inline("<script>x</script>") == "\\<script\\>x\\</script\\>")
        #expect(MarkdownText.inline("```code``` *b* _i_ [l](u) ~s~ &amp;") == "\\`\\`\\`code\\`\\`\\` \\*b\\* \\_i\\_ \\[l\\](u) \\~s\\~ \\&amp;")
        #expect(MarkdownText.inline("one\ntwo\r\nthree\u{2028}four") == "one two three four")
        #expect(MarkdownText.inline("\u{202E}evil\u{200B}\u{0007}") == "evil")
        #expect(MarkdownText.inline("👩‍👩‍👧 ok") == "👩‍👩‍👧 ok", "emoji joiners stay")
        #expect(MarkdownText.inline("<!-- aftermath:end timeline -->") == "\\<!-- aftermath:end timeline --\\>")
        #expect(MarkdownText.inline(String(repeating: "x", count: 50), limit: 10) == "xxxxxxxxx…")
    }

    @Test("Thresholds of alert expressions", arguments: [
        (#"sum by(service)(rate(http_requests_total{code=~"5.."}[5m])) > 0.05"#, ">", 0.05),
        ("node_load1 >= 0", ">=", 0.0),
        ("up == 0", "==", 0.0),
        ("disk_free < 0.05", "<", 0.05),
        ("x <= -3e2", "<=", -300.0),
        ("rate(x[5m]) > bool 10", ">", 10.0),
    ])
    func threshold(_ expression: String, _ op: String, _ value: Double) throws {
        let condition = try #require(AlertCondition.parse(expression))
        #expect(condition.comparison.rawValue == op)
        #expect(condition.threshold == value)
    }

    @Test("Expressions without a numeric threshold", arguments: [
        "rate(x[5m])", #"up{job=~"a>b"}"#, "a > b", "a > 5 and b", "absent(up)",
    ])
    func noThreshold(_ expression: String) {
        #expect(AlertCondition.parse(expression) == nil)
    }

    @Test("The first point that meets the threshold, or the first point at all")
    func crossing() {
        let t = Date(timeIntervalSince1970: 1000)
        let series = [
            MetricSeries(labels: ["a": "1"], points: [.init(t: 1000, v: 0.01), .init(t: 1015, v: 0.2)], query: "", step: 15, sourceURL: ""),
            MetricSeries(labels: ["a": "2"], points: [.init(t: 1010, v: .nan), .init(t: 1012, v: 0.06)], query: "", step: 15, sourceURL: ""),
        ]
        let moment = EvidenceMoments.thresholdCrossing(alert: "A", expression: "x > 0.05", series: series, evidenceID: "ev-1")
        #expect(moment?.at == t + 12)
        #expect(moment?.text == "A: alert expression first crossed its threshold (> 0.05), value 0.06")
        let any = EvidenceMoments.thresholdCrossing(alert: "A", expression: "rate(x[1m])", series: series, evidenceID: "ev-1")
        #expect(any?.at == t)
        #expect(any?.text == "A: alert expression first returned a value (0.01)")
    }

    @Test("Error lines, first per source, bursts of ten within a minute; duplicates from overlapping captures count once")
    func logMoments() {
        let t = Date(timeIntervalSince1970: 5000)
        var lines: [EvidenceMoments.Line] = [
            .init(evidenceID: "ev-1", source: "a.log", at: t, text: "INFO fine"),
            .init(evidenceID: "ev-1", source: "a.log", at: t + 1, text: "level=error msg=boom"),
            .init(evidenceID: "ev-2", source: "b.log", at: t + 2, text: "java.lang.NullPointerException at x"),
            .init(evidenceID: "ev-2", source: "b.log", at: t + 3, text: "0 errors found"),
        ]
        for i in 0..<10 { lines.append(.init(evidenceID: "ev-1", source: "a.log", at: t + 100 + Double(i) * 6, text: "ERROR x \(i)")) }
        lines += lines.map { var l = $0; l.evidenceID = "ev-9"; return l }  // a closing capture repeats them
        let errors = EvidenceMoments.errorLines(lines)
        #expect(errors.count == 12)
        #expect(EvidenceMoments.firstErrors(errors).map(\.evidenceID) == ["ev-1", "ev-2"])
        let bursts = EvidenceMoments.bursts(errors)
        #expect(bursts.count == 1)
        #expect(bursts.first?.at == t + 100)
        #expect(bursts.first?.text == "Burst: 10 error lines within 1m in a.log")
        #expect(EvidenceMoments.bursts(Array(errors.dropLast())).isEmpty, "nine lines are not a burst")
    }

    @Test("Unified diffs")
    func diff() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n"
        let new = "a\nb\nc\nD\ne\nf\ng\nh\ni\n"
        #expect(UnifiedDiff.make(old: old, new: new, oldName: "a/x", newName: "b/x") == """
            --- a/x
            +++ b/x
            @@ -1,8 +1,9 @@
             a
             b
             c
            -d
            +D
             e
             f
             g
             h
            +i

            """)
        #expect(UnifiedDiff.make(old: old, new: old, oldName: "a", newName: "b") == "")
        #expect(UnifiedDiff.make(old: "", new: "x\n", oldName: "/dev/null", newName: "b/x") == "--- /dev/null\n+++ b/x\n@@ -0,0 +1,1 @@\n+x\n")
    }

    @Test("templates/postmortem.md and the built-in copy are the same text, and it parses")
    func templateCopy() throws {
        let path = (PostmortemWorld.repositoryTemplates as NSString).appendingPathComponent("postmortem.md")
        let file = try String(contentsOfFile: path, encoding: .utf8)
        let builtIn = try PostmortemTemplate.builtIn()
        let fromFile = try PostmortemTemplate(text: file, origin: path)
        #expect(fromFile.origin == path)
        #expect(builtIn.origin == "built-in")
        var config = AftermathConfig()
        config.templatesDirectory = "/nonexistent"
        #expect(try PostmortemTemplate.load(config).origin == "built-in")
        config.postmortem.template = "/nonexistent/pm.md"
        #expect(throws: PostmortemTemplateError.self) { try PostmortemTemplate.load(config) }
        config = AftermathConfig()
        config.templatesDirectory = PostmortemWorld.repositoryTemplates
        #expect(try PostmortemTemplate.load(config).origin == path)
        #expect(PostmortemTemplate.builtInText == file, "the built-in template is templates/postmortem.md, compiled in by the EmbedTemplates plugin")
    }
}
