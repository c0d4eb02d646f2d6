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

    @Test("Flat JSON string objects (labels) parse as JSONDecoder reads them; anything else is left to it")
    func jsonStringObjects() throws {
        #expect(JSONStrings.object("{}") == [:])
        #expect(JSONStrings.object(" { \"a\" : \"1\" , \"b c\":\"Ünï\" } ") == ["a": "1", "b c": "Ünï"])
        let labels = ["alertname": "HighErrorRate", "service": "checkout", "zone": "eu-west-1a", "empty": ""]
        let stored = String(decoding: try JSONEncoder().encode(labels), as: UTF8.self)
        #expect(JSONStrings.object(stored) == labels)
        #expect(JSONStrings.object("{\"say\":\"\\\"hi\\\"\"}") == nil)
        for bad in ["", "{", "{\"a\"}", "{\"a\":1}", "{\"a\":\"1\",}", "{\"a\":\"1\"} x", "{\"a\":\"1\",\"a\":\"2\"}", "[\"a\"]",
                    "{\"a\":\"tab\there\"}", "{\"a\":\"1\" \"b\":\"2\"}", "{\"a\":null}"] {
            #expect(JSONStrings.object(bad) == nil, "\(bad)")
        }
    }

    @Test("Log line severity: the word pre-check gives what the patterns give, case and non-ASCII included")
    func lineSeverity() {
        let cases: [(String, LineSeverity?)] = [
            ("level=ERROR msg=timeout", .error), ("Fatal: disk full", .error), ("thread panicked at main.rs", .error),
            ("Traceback (most recent call last):", .error), ("CRITICAL db down", .error), ("kernel: emerg", .error),
            ("java.lang.NullPointerException", .error), ("WARN retrying", .warning), ("Warning: slow", .warning),
            ("error and warning", .error), ("errors=0 warnings=0", nil), ("terrorist", nil), ("forewarned", nil),
            ("GET /healthz 200", nil), ("", nil), ("Fehler: ünbekannt", nil), ("Ошибка error", .error),
            // U+212A KELVIN SIGN folds to k: only the pattern knows, so non-ASCII lines always go to it.
            ("Tracebac\u{212A} in worker", .error),
        ]
        for (line, expected) in cases {
            #expect(LineSeverity.of(line) == expected, "\(line)")
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
