import AftermathCore
@testable import Archive
import Foundation
import Testing

/// The site's fast reads (columns by position, JSON string arrays parsed without `JSONDecoder`)
/// give what the generic decoding gives.
@Suite("Site reads")
struct SiteReadsTests {
    @Test("Flat JSON string arrays parse; escapes and anything else are left to JSONDecoder")
    func jsonStrings() {
        #expect(JSONStrings.array("[]") == [])
        #expect(JSONStrings.array(" [ \"a\" , \"b c\",\"Ünï\" ] ") == ["a", "b c", "Ünï"])
        #expect(JSONStrings.array("[\"say \\\"hi\\\"\"]") == nil)
        for bad in ["", "[", "[\"a\"", "[\"a\",]", "{\"a\":1}", "[1]", "[\"a\" \"b\"]"] {
            #expect(JSONStrings.array(bad) == nil, "\(bad)")
        }
    }

    @Test("A postmortem digest reads back as stored, open actions with quotes and non-ASCII text included")
    func digestRoundTrip() async throws {
        let dir = try TemporaryDirectory()
        let database = try AppDatabase(directory: dir.file("archive"))
        let readAt = Date(timeIntervalSince1970: 1_796_000_000.125)
        let digests = [
            PostmortemDigestRecord(
                file: "a.md", incidentID: "inc1", modified: 1, size: 2, status: "final", summary: "Fixed.", actionsOpen: 2, actionsDone: 1,
                openActions: ["Rotate the \"primary\" key\\backslash", "Läsa loggarna"], readAt: readAt),
            PostmortemDigestRecord(
                file: "b.md", incidentID: "inc2", modified: 3, size: 4, status: nil, summary: nil, actionsOpen: 0, actionsDone: 0,
                openActions: [], readAt: readAt),
        ]
        try await database.recordPostmortemDigests(digests, removing: [])
        let read = try await database.postmortemDigests()
        #expect(read["inc1"] == digests[0])
        #expect(read["inc2"] == digests[1])
    }
}
