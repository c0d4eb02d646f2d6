import Redaction
import Testing

@Suite("Redaction: raw bytes (webhook bodies)")
struct RedactionBytesTests {
    let redactor: Redactor

    init() throws {
        redactor = try Redactor()
    }

    @Test("Valid UTF-8 is redacted as text")
    func validUTF8() {
        let body = Array(#"{"status":"firing","commonAnnotations":{"password":"hunter2"}}"#.utf8)
        let result = redactor.redact(bytes: body)
        #expect(String(decoding: result.bytes, as: UTF8.self) == #"{"status":"firing","commonAnnotations":{"password":"[REDACTED:key-value-secret]"}}"#)
        #expect(result.count == 1)
    }

    @Test("Invalid UTF-8: valid runs are redacted, invalid bytes are kept verbatim")
    func invalidUTF8() {
        let body = Array("token=abc ".utf8) + [0xFF, 0xFE] + Array(" Authorization: Bearer xyz".utf8) + [0xC3]
        let result = redactor.redact(bytes: body)
        #expect(result.bytes == Array("token=[REDACTED:key-value-secret] ".utf8) + [0xFF, 0xFE]
            + Array(" Authorization: Bearer [REDACTED:auth-header]".utf8) + [0xC3])
        #expect(result.count == 2)
    }

    @Test("Bytes without a secret come back identical, valid or not")
    func unchanged() {
        for body: [UInt8] in [Array("plain body".utf8), [0x00, 0xFF, 0x41, 0xC0, 0x80, 0x0A], []] {
            let result = redactor.redact(bytes: body)
            #expect(result.bytes == body)
            #expect(result.count == 0)
        }
    }
}
