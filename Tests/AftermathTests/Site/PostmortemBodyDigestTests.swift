import Foundation
import Testing
@testable import Site

/// Reading a postmortem's Summary and action items, as people write them.
@Suite("Postmortem body digest")
struct PostmortemBodyDigestTests {
    @Test("The Summary's first paragraph after the template's prompt, as plain text")
    func summary() {
        let body = """
            # Checkout outage

            ## Summary

            <!-- prompt: What happened, in two or three sentences:
            the impact, the cause as far as it is known. -->

            A **config push** exhausted the [gateway](https://wiki.example/gw) pool;
            `kubectl rollout undo` fixed it. <kbd>ctrl</kbd> \\[sic\\]

            A second paragraph that is not the summary.

            ## Impact
            """
        let digest = PostmortemBodyDigest.parse(body)
        #expect(digest.summary == "A config push exhausted the gateway pool; kubectl rollout undo fixed it. ctrl [sic]")
    }

    @Test("A Summary holding only the prompt (or a fenced heading elsewhere) has no summary")
    func emptySummary() {
        let body = """
            ```
            ## Summary
            not a heading
            ```
            ## Summary

            <!-- prompt: write here -->

            ## Impact

            Something.
            """
        #expect(PostmortemBodyDigest.parse(body).summary == nil)
    }

    @Test("Task items of every Action items section count, open and done; placeholders and other sections do not")
    func actionItems() {
        let body = """
            ## Timeline

            - [ ] not an action: wrong section

            ## Action items

            <!-- prompt: one task per action -->

            - [ ] [[action]] · [[owner]] · [[priority]] · [[YYYY-MM-DD]] · [[tracker link]]
            - [ ] Alert on gateway pool saturation · @alice · P1 ([OPS-42](https://tracker.example/OPS-42))
            - [x] Roll back the config push
            * [X] Page the payments team
            1. [ ] Load test the pool
              - [ ] Nested: size the pool per region
            - Plain bullet, not a task
            ```
            - [ ] inside a fence
            ```

            ### Action items: follow-ups

            - [ ] Review the runbook

            ## Lessons learned

            - [x] not an action either
            """
        let digest = PostmortemBodyDigest.parse(body)
        #expect(digest.actionItems.filter { !$0.done }.map(\.text) == [
            "Alert on gateway pool saturation · @alice · P1 (OPS-42)", "Load test the pool", "Nested: size the pool per region",
            "Review the runbook",
        ])
        #expect(digest.actionItems.filter(\.done).map(\.text) == ["Roll back the config push", "Page the payments team"])
    }

    @Test("ASCII text reads the same through the byte path as through the character path")
    func asciiPathMatchesCharacters() {
        // Markup-heavy ASCII, deterministic: every rule (escapes, links, tags, autolinks, emphasis,
        // whitespace runs, the limit) meets its neighbours. Texts with `\r` or non-ASCII take the
        // character path, so only the byte path needs checking against it.
        let pieces = ["a", "b", "Z", "1", " ", "  ", "\t", "\n", "*", "**", "_", "__", "~", "~~", "`", "\\", "\\*", "\\a", "\\<",
                      "[", "]", "(", ")", "[x](y)", "[a *b*](http://u)", "<", ">", "<kbd>", "</span>", "<!-- c -->", "<https://x.example/p>",
                      "<http://a>", "< b>", "<1>", "!", "#", "|", ":", "-"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        for _ in 0..<3000 {
            let text = (0..<next(40)).map { _ in pieces[next(pieces.count)] }.joined()
            for limit in [5, 12, 400] {
                #expect(PostmortemBodyDigest.plain(text, limit: limit) == PostmortemBodyDigest.plainCharacters(text, limit: limit), "\(text.debugDescription)")
            }
        }
    }

    @Test("Lines split the same with CRLF, lone CR and LF endings")
    func lineEndings() {
        for body in ["a\nb\n", "a\r\nb\r\n", "a\rb\n\n", "", "\n", "x"] {
            #expect(PostmortemBodyDigest.lines(body) == body.split(separator: "\n", omittingEmptySubsequences: false), "\(body.debugDescription)")
        }
    }
}
