@testable import Site
import Testing

/// The byte search over a string's storage (`memmem`) finds what the plain byte loop finds.
@Suite("Site byte text helpers")
struct FastTextTests {
    @Test("First offset of a needle: same answer over contiguous bytes as over an array, from every start")
    func firstOffset() {
        let texts = ["", "a", "<!-- aftermath:begin -->x<!-- aftermath:end -->", "ababababc", "ünï🚀code ünï", String(repeating: "xy", count: 300) + "xyz"]
        let needles = ["a", "ab", "abc", "<!-- aftermath:", "-->", "ünï", "🚀", "xyz", "zz", "xyxyxyxyxyxyxyxyxyz"]
        for text in texts {
            let bytes = Array(text.utf8)
            for needle in needles.map({ Array($0.utf8) }) {
                for from in 0...bytes.count + 1 {
                    let loop = FastText.firstOffset(of: needle, in: bytes, from: min(from, bytes.count))
                    #expect(FastText.firstOffset(of: needle, in: text, from: min(from, bytes.count)) == loop, "\(text) \(needle) \(from)")
                }
            }
            #expect(FastText.firstOffset(of: [], in: text, from: 0) == nil)
        }
    }
}
