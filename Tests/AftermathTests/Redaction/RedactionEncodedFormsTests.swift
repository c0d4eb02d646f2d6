import Foundation
import Redaction
import Testing

/// How text looks once it has been embedded in other text, as the senders and tools do it.
enum TextEncoding: String, CaseIterable, CustomStringConvertible, Sendable {
    /// Go's `json.Marshal`/`json.Encoder` (Alertmanager, Grafana): `\"`, `\\`, `\n`, and HTML-safe `\u003c`, `\u003e`, `\u0026`.
    case goJSON
    /// JSON inside a JSON string: every quote and backslash escaped once more.
    case nestedJSON
    /// RFC 3986 percent-encoding of a query value (upper-case hex).
    case percent
    /// The same with lower-case hex, as some clients write it.
    case percentLower
    /// `application/x-www-form-urlencoded`: `+` for a space.
    case form

    var description: String { rawValue }

    func encode(_ text: String) -> String {
        switch self {
        case .goJSON: return Self.goJSONBody(text)
        case .nestedJSON: return Self.goJSONBody(Self.goJSONBody(text))
        case .percent, .percentLower, .form:
            var out = ""
            for byte in text.utf8 {
                if (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || "-._~".utf8.contains(byte) {
                    out.unicodeScalars.append(UnicodeScalar(byte))
                } else if byte == 0x20, self == .form {
                    out += "+"
                } else {
                    let hex = String(format: self == .percentLower ? "%%%02x" : "%%%02X", byte)
                    out += hex
                }
            }
            return out
        }
    }

    /// The inside of a JSON string literal as Go writes it.
    static func goJSONBody(_ text: String) -> String { jsonBody(text, htmlSafe: true) }

    /// The inside of a JSON string literal; `htmlSafe` also escapes `<`, `>` and `&` as Go does.
    static func jsonBody(_ text: String, htmlSafe: Bool) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<" where htmlSafe: out += "\\u003c"
            case ">" where htmlSafe: out += "\\u003e"
            case "&" where htmlSafe: out += "\\u0026"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

@Suite("Redaction: secrets embedded as JSON, percent-encoded or form-encoded text")
struct RedactionEncodedFormsTests {
    let redactor: Redactor

    init() throws {
        redactor = try Redactor()
    }

    @Test("Every built-in rule's sample, encoded: neither the secret nor its encoded form survives", arguments: TextEncoding.allCases)
    func everySampleEncoded(encoding: TextEncoding) {
        for sample in RedactionSamples.all + RedactionSamples.long {
            let input = "{\"text\":\"" + encoding.encode(sample.input) + "\",\"next\":1}"
            let output = redactor.redact(input)
            let encodedSecret = encoding.encode(sample.secret)
            #expect(!output.text.contains(encodedSecret), "\(sample) survived \(encoding): \(output.text.prefix(400))")
            #expect(!output.text.contains(sample.secret), "\(sample) survived \(encoding)")
            #expect(output.count >= 1, "\(sample): nothing redacted in \(encoding)")
            #expect(output.text.hasSuffix("\",\"next\":1}"), "\(sample) in \(encoding): the JSON around it changed: \(output.text.suffix(80))")
            #expect(redactor.redact(output.text).count == 0, "\(sample) in \(encoding): not a fixed point")
        }
    }

    @Test("Go's HTML-safe JSON of an XML secret (Alertmanager, Grafana bodies)")
    func goEscapedXML() {
        let body = #"{"annotations":{"description":"\u003cpassword\u003eXy7-kL9\u003c/password\u003e and \u003capiKey scope=\"x\"\u003eK-123\u003c/apiKey\u003e"}}"#
        let result = redactor.redact(body)
        #expect(result.text == #"{"annotations":{"description":"\u003cpassword\u003e[REDACTED:xml-secret]\u003c/password\u003e and \u003capiKey scope=\"x\"\u003e[REDACTED:xml-secret]\u003c/apiKey\u003e"}}"#)
        #expect(result.rules == ["xml-secret": 2])
    }

    @Test("A key/value secret runs to the end of its token, not to the first punctuation", arguments: [
        ("DB_PASSWORD=Xy7;kL(9", "DB_PASSWORD=[REDACTED:key-value-secret]"),
        ("export DB_PASSWORD=Xy7;kL(9 && run", "export DB_PASSWORD=[REDACTED:key-value-secret] && run"),
        ("secret=a,b)c}d]e&f next", "secret=[REDACTED:key-value-secret] next"),
        (#"{"msg":"token=ab;cd\"x"}"#, #"{"msg":"token=[REDACTED:key-value-secret]\"x"}"#),
        (#"{"msg":"token=ab\\cd"}"#, #"{"msg":"token=[REDACTED:key-value-secret]"}"#),
        ("password='Xy7;kL(9 x'", "password='[REDACTED:key-value-secret]'"),
    ])
    func toEndOfToken(input: String, expected: String) {
        #expect(redactor.redact(input).text == expected)
    }

    @Test("Where a format says the value ends sooner, it ends there: URL queries and JSON literals", arguments: [
        ("GET /cb?code=1&access_token=Xy7;kL&state=x 302", "GET /cb?code=1&access_token=[REDACTED:key-value-secret]&state=x 302"),
        ("next=%2Flogin%3Ftoken%3DXy7%3BkL%26page%3D2 ok", "next=%2Flogin%3Ftoken%3D[REDACTED:key-value-secret]%26page%3D2 ok"),
        (#"{"url":"/cb?a=1\u0026token=Xy7;kL\u0026b=2"}"#, #"{"url":"/cb?a=1\u0026token=[REDACTED:key-value-secret]\u0026b=2"}"#),
        (#"{"token":12345678,"next":{"password":987654321}}"#, #"{"token":[REDACTED:key-value-secret],"next":{"password":[REDACTED:key-value-secret]}}"#),
        (#"{"token":null,"password":{"value":"x"}}"#, #"{"token":null,"password":{"value":"x"}}"#),
    ])
    func formatBoundaries(input: String, expected: String) {
        #expect(redactor.redact(input).text == expected)
    }

    @Test("Percent-encoded forms of the separators, quotes, URLs and PEM blocks", arguments: [
        ("q=password%3DXy7%253BkL%26x%3D1", "q=password%3D[REDACTED:key-value-secret]%26x%3D1"),
        ("d=%7B%22api_key%22%3A%22K-123%22%7D", "d=%7B%22api_key%22%3A%22[REDACTED:key-value-secret]%22%7D"),
        ("u=https%3A%2F%2Fapp%3AS3cr3t%40db.internal%2Fx", "u=https%3A%2F%2F[REDACTED:url-credentials]%40db.internal%2Fx"),
        ("h=Authorization%3A%20Bearer%20abc.def", "h=Authorization%3A%20Bearer%20[REDACTED:auth-header]"),
        ("k=-----BEGIN%20RSA%20PRIVATE%20KEY-----%0AMIIEabc%2Bdef%0A-----END%20RSA%20PRIVATE%20KEY-----",
         "k=-----BEGIN%20RSA%20PRIVATE%20KEY-----%0A[REDACTED:private-key]%0A-----END%20RSA%20PRIVATE%20KEY-----"),
    ])
    func percentEncoded(input: String, expected: String) {
        #expect(redactor.redact(input).text == expected)
    }

    @Test("A token right after an escape is still a token (`%3Dghp_…`, `\\nghp_…`)")
    func tokenAfterEscape() {
        let token = "gh" + "p_" + String(repeating: "Zq81", count: 9)
        for input in ["GITHUB_TOKEN%3D\(token)", "line1\\n\(token)", "\\u003c\(token)\\u003e", "x\\\"\(token)"] {
            let result = redactor.redact(input)
            #expect(!result.text.contains(token), "\(input)")
        }
    }
}
