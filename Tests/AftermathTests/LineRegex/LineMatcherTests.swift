import Foundation
@testable import LineRegex
import Testing

/// The linear-time matcher: the same answers as ICU's backtracking engine on the syntax both share,
/// clear errors for what it refuses, and no blow-up on patterns that hang a backtracker.
@Suite("Line regex matcher")
struct LineMatcherTests {
    static let lines = [
        "", "a", "aaa", "ab", "ba", "abc", "abcabc", "xyz", "hello world", "Hello World",
        "level=error svc=api status=404 dur_ms=12 req=\"GET /v1/devices/4411\"",
        "level=info svc=api status=200 dur_ms=3 req=\"GET /v1/devices/12\"",
        "level=warn status=429 /v1/devices/ no id", "status=4041 x /v1/devices/7", "xstatus=404 y /v1/devices/8",
        "café au lait", "naïve — ünïcödé ✓ 日本語 😀", "tab\there", "a.b", "a+b", "[bracket]", "end$", "^start",
        "2026-12-05T10:00:00Z ERROR deadlock detected", "  leading spaces", "trailing spaces  ", "_under_score_",
        "ID-123-XYZ", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaab",
    ]

    static let patterns = [
        "a", "^a", "a$", "^a$", "^$", "ab|ba", "a*", "a+b", "(ab)+", "(ab){2}", "^(ab){2}$", "a{2,}", "a{1,2}b", "a?b",
        "[abc]+", "[^a]", "^[^a]*$", "x.z", ".", "^.$", "^...$", "\\.", "a\\+b", "\\[bracket\\]", "end\\$", "\\^start",
        "status=4[0-9]{2} .* /v1/devices/[0-9]+", "status=4\\d\\d\\b?", "\\d{4}-\\d{2}-\\d{2}T", "\\w+=\\w+", "\\s\\s",
        "^\\S+$", "caf.", "caf. au", "[é]", "[^a-z ]", "日本", "😀$", "(?:ERROR|WARN)", "ERROR|deadlock", "hello|world$",
        "[[:digit:]]+", "[[:upper:]][[:lower:]]+", "_+", "(a|b)*c", "(a*)*b", "(a|aa)+$", "^(a+)+$", "x*", "ID-[0-9]+-[A-Z]{3}$",
        "a{0}b", "(ab|a)(bc|c)", "[-a]", "[a-]", "[]a]", "t\\th",
    ]

    @Test("Agrees with NSRegularExpression on every line for every shared-syntax pattern")
    func agreesWithICU() throws {
        for pattern in Self.patterns where !pattern.contains("\\b") {
            let ours = try LinePattern(pattern).matcher()
            let icu = try NSRegularExpression(pattern: pattern)
            for line in Self.lines {
                let expected = icu.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
                #expect(ours.matches(line) == expected, "/\(pattern)/ on \"\(line)\"")
            }
        }
    }

    @Test("Ignoring case folds ASCII letters, in literals and in classes")
    func ignoreCase() throws {
        let matcher = try LinePattern("hello [w]ORLD", ignoreCase: true).matcher()
        #expect(matcher.matches("HELLO World"))
        #expect(matcher.matches("hello world"))
        #expect(!matcher.matches("hello there"))
        #expect(try !LinePattern("hello").matcher().matches("HELLO"))
    }

    @Test("What it refuses, it refuses with a reason and a column")
    func syntaxErrors() {
        let cases: [(String, String, Int)] = [
            ("a(b", "missing )", 2), ("a)b", "unmatched )", 2), ("*a", "nothing to repeat", 1), ("a\\1", "backreferences", 2),
            ("(?=x)", "lookaround", 1), ("[z-a]", "out of order", 2), ("a{3,1}", "below the minimum", 2), ("[abc", "missing ]", 1),
            ("a\\b", "word boundaries", 2), ("x{1001}", "above 1000", 2), ("a**", "cannot follow a quantifier", 3), ("ab\\", "trailing backslash", 4),
        ]
        for (pattern, message, column) in cases {
            #expect(throws: RegexSyntaxError.self, "\(pattern)") { try LinePattern(pattern) }
            do {
                _ = try LinePattern(pattern)
            } catch {
                #expect(error.message.contains(message), "\(pattern): \(error)")
                #expect(error.column == column, "\(pattern): \(error)")
            }
        }
    }

    @Test("Catastrophic patterns stay linear: one cached transition per byte, the same few states for 2 KB or 200 KB")
    func noCatastrophicBacktracking() throws {
        let short = String(repeating: "a", count: 2_000) + "b"
        let long = String(repeating: "a", count: 200_000) + "b"
        for pattern in ["(a+)+$", "(a|aa)+$", "(x+x+)+y", "(.*a){12}$", "^(a|a?)+$"] {
            let matcher = try LinePattern(pattern).matcher()
            #expect(!matcher.matches(short), "/\(pattern)/")
            let states = matcher.cachedStates
            #expect(!matcher.matches(long), "/\(pattern)/")
            #expect(matcher.cachedStates == states, "/\(pattern)/ built new states for a longer line of the same bytes")
            #expect(states < 100, "/\(pattern)/ needed \(states) DFA states")
        }
        #expect(try LinePattern("(a+)+$").matcher().matches(String(repeating: "a", count: 200_000)))
    }
}
