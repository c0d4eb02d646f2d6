@testable import Archive
@testable import LineRegex
import Testing

/// The literals every match must contain, and the full-text terms that are safe to pre-filter on.
@Suite("Regex required literals")
struct RequiredLiteralTests {
    func literals(_ pattern: String, ignoreCase: Bool = false) throws -> [String] {
        try LinePattern(pattern, ignoreCase: ignoreCase).requiredLiterals.map(\.text)
    }

    @Test("Runs of single characters are required; optional parts and alternation yield none")
    func extraction() throws {
        #expect(try literals("status=4[0-9]{2} .* /v1/devices/[0-9]+") == ["status=4", " ", " /v1/devices/"])
        #expect(try literals("foo|bar").isEmpty)
        #expect(try literals("(foo)?bar") == ["bar"])
        #expect(try literals("x(ab)+y") == ["x", "ab", "y"])
        #expect(try literals("a{3}b") == ["aaab"])
        #expect(try literals("(?:GET) /api").first == "GET /api")
        #expect(try literals("a.*").first == "a")
        #expect(try literals(".*").isEmpty)
        #expect(try literals("timeout", ignoreCase: true) == ["timeout"])
        let anchored = try LinePattern("^level=error x$").requiredLiterals
        #expect(anchored == [RequiredLiteral(text: "level=error x", atLineStart: true, atLineEnd: true)])
    }

    @Test("Only tokens with certain boundaries become FTS terms: whole words exact, a word after a separator as a prefix")
    func ftsTerms() throws {
        func query(_ pattern: String) throws -> String? {
            RegexPrefilter.ftsQuery(try LinePattern(pattern).requiredLiterals)
        }
        #expect(try query("status=4[0-9]{2} .* /v1/devices/[0-9]+") == "\"4\"* AND \"v1\" AND \"devices\"")
        #expect(try query("deadlock") == nil, "it may be part of a longer token on either side")
        #expect(try query("^deadlock") == "\"deadlock\"*")
        #expect(try query("^ERROR .*deadlock$") == "\"error\"")
        #expect(try query("foo|bar") == nil)
        #expect(try query("é/v1/x") == "\"v1\" AND \"x\"*", "é: a non-ASCII neighbour makes a boundary uncertain")
        #expect(try query("éa/x") == "\"x\"*")
        #expect(try query("a_b_c") == "\"b\" AND \"c\"*", "underscore separates FTS tokens")
    }
}
