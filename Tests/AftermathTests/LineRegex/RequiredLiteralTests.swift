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

    @Test("Only tokens with certain boundaries become FTS terms: whole words, else a prefix of 3 or more after a separator")
    func ftsTerms() throws {
        func query(_ pattern: String) throws -> String? {
            RegexPrefilter.ftsQuery(try LinePattern(pattern).requiredLiterals)
        }
        func tokens(_ pattern: String) throws -> [String] {
            try LinePattern(pattern).requiredLiterals.flatMap(RegexPrefilter.tokens)
        }
        #expect(try tokens("status=4[0-9]{2} .* /v1/devices/[0-9]+") == ["\"4\"*", "\"v1\"", "\"devices\""])
        #expect(try query("status=4[0-9]{2} .* /v1/devices/[0-9]+") == "\"v1\" AND \"devices\"", "whole tokens win over prefixes")
        #expect(try query("deadlock") == nil, "it may be part of a longer token on either side")
        #expect(try query("^deadlock") == "\"deadlock\"*")
        #expect(try query("^ERROR .*deadlock$") == "\"error\"")
        #expect(try query("foo|bar") == nil)
        #expect(try query("=4[0-9]") == nil, "a one-character prefix costs more than it saves")
        #expect(try query("=conn") == "\"conn\"*")
        #expect(try tokens("é/v1/x") == ["\"v1\"", "\"x\"*"], "é: a non-ASCII neighbour makes a boundary uncertain")
        #expect(try tokens("éa/xyz") == ["\"xyz\"*"])
        #expect(try tokens("a_b_c") == ["\"b\"", "\"c\"*"], "underscore separates FTS tokens")
    }
}
