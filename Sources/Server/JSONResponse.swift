import Foundation
import Hummingbird

/// Small JSON answers with a status, for webhook senders and operators alike.
enum JSONResponse {
    static func make(_ status: HTTPResponse.Status, _ object: [String: any Sendable], headers: HTTPFields = [:]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data + Data("\n".utf8))))
    }

    static func error(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) -> Response {
        make(status, ["error": message], headers: headers)
    }
}
