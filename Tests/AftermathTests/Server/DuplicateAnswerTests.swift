import AftermathCore
import Foundation
@testable import Server
import Testing

/// A redelivery's answer is written without the JSON encoder; it must be the bytes the encoder
/// writes for every other answer.
@Suite("Duplicate answer")
struct DuplicateAnswerTests {
    @Test("The redelivery answer is the encoder's compact, key-sorted JSON", arguments: [Int64(1), 42, 9_007_199_254_740_993, .max])
    func duplicateAnswerAsEncoded(id: Int64) throws {
        let encoded = try JSONText.compact(WebhookController.Answer(status: "duplicate", delivery: id))
        #expect(WebhookController.duplicateAnswer(id) == String(decoding: encoded, as: UTF8.self))
    }

    @Test("Content types: the common one is JSON without parsing, and the rest as before")
    func jsonContentTypes() {
        #expect(SenderGuardMiddleware.isJSON("application/json"))
        #expect(SenderGuardMiddleware.isJSON("Application/JSON; charset=utf-8"))
        #expect(SenderGuardMiddleware.isJSON("application/vnd.x+json"))
        #expect(!SenderGuardMiddleware.isJSON("application/jsonx"))
        #expect(!SenderGuardMiddleware.isJSON("text/plain"))
    }
}
