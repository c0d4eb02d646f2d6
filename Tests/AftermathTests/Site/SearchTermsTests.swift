import Testing
@testable import Site

/// The search shard's term table: one id per distinct term, first-seen order, whatever the spelling.
@Suite("Search terms table")
struct SearchTermsTests {
    @Test("Repeated terms keep their id across table growth; canonically equivalent spellings are one term")
    func ids() {
        var terms = SearchTerms()
        func id(_ text: String) -> (id: Int, inserted: Bool) {
            var text = text
            return text.withUTF8 { terms.id(of: $0) }
        }
        // Enough distinct terms to grow the table several times.
        for n in 0..<5000 { #expect(id("term\(n)") == (n, true)) }
        for n in stride(from: 0, to: 5000, by: 7) { #expect(id("term\(n)") == (n, false)) }
        #expect(terms.term(4321) == "term4321")
        // "é" precomposed and decomposed: one term, kept as first seen (as a String key did).
        let composed = id("caf\u{E9}")
        #expect(composed.inserted)
        #expect(id("cafe\u{301}") == (composed.id, false))
        #expect(terms.term(composed.id) == "caf\u{E9}")
        #expect(terms.count == 5001)
    }
}
