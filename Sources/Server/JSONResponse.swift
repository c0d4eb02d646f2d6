import AftermathCore
import Foundation
import Hummingbird

/// Small JSON answers with a status, for webhook senders and operators alike: compact, key-sorted,
/// one line. Each route declares its answer as an `Encodable` type next to it.
enum JSONResponse {
    /// `{"error": "…"}`: every refusal has this shape.
    struct Failure: Encodable {
        let error: String
    }

    static func make(_ status: HTTPResponse.Status, _ answer: some Encodable, headers: HTTPFields = [:]) -> Response {
        let data = (try? JSONText.compact(answer)) ?? Data("{}".utf8)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data + Data("\n".utf8))))
    }

    /// `json`, already encoded as `make` encodes, as the answer.
    static func make(_ status: HTTPResponse.Status, json: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: json + "\n")))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) -> Response {
        make(status, Failure(error: message), headers: headers)
    }
}
