import AftermathCore
import Foundation

/// What a Prometheus-style API said when it refused: `HTTP 400 bad_data: parse error …`.
enum APIErrorText {
    /// Longest piece of a non-JSON error body quoted in an error.
    static let snippetLength = 300

    /// `HTTP <code> <errorType>: <error>` for a documented error body, else
    /// `HTTP <code>: <first line(s) of the body>`, else `HTTP <code> <reason phrase>`.
    static func explain(_ response: FetchedResponse) -> String {
        let code = response.status.code
        if let json = try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body)), let message = json.error {
            let type = json.errorType.map { " \($0)" } ?? ""
            return "HTTP \(code)\(type): \(message)"
        }
        let text = snippet(response.body)
        return text.isEmpty ? response.statusLine : "HTTP \(code): \(text)"
    }

    /// The body as one trimmed line of at most `snippetLength` characters.
    static func snippet(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(snippetLength * 4), as: UTF8.self)
        let oneLine = SingleLine.joined(text).trimmingCharacters(in: .whitespaces)
        return oneLine.count > snippetLength ? oneLine.prefix(snippetLength) + "…" : oneLine
    }

    private struct ErrorBody: Decodable {
        var status: String?
        var errorType: String?
        var error: String?
    }
}
