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
}
