import AftermathCore
import Foundation

/// A JSON document that could not be decoded: where (`$`, `alerts[1].startsAt`) and why.
public struct JSONDocumentError: Error, Equatable, Sendable {
    /// A JSON path such as `alerts[1].startsAt`, or `$` for the whole document.
    public var path: String
    public var reason: String
}

/// Decodes JSON (webhook bodies, files of an export) with errors that name the byte offset or
/// JSON path at fault.
public enum JSONInput {
    /// Decodes `T` from `body`, turning every failure into a `PayloadError` with a precise path.
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8], source: WebhookSource) throws(PayloadError) -> T {
        do {
            return try decodeDocument(T.self, from: body)
        } catch {
            throw PayloadError(source: source, path: error.path, reason: error.reason)
        }
    }

    /// A decoding error of a body from `source`, as `decode` reports it.
    static func payloadError(_ error: DecodingError, body: [UInt8], source: WebhookSource) -> PayloadError {
        let problem = documentError(error, body: body)
        return PayloadError(source: source, path: problem.path, reason: problem.reason)
    }

    /// Decodes `T` from `bytes`; a failure names the JSON path and what was wrong there.
    public static func decodeDocument<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(JSONDocumentError) -> T {
        try checkBytes(bytes)
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw documentError(error, body: bytes)
        } catch {
            throw JSONDocumentError(path: "$", reason: "not valid JSON: \(error)")
        }
    }

    /// Rejects documents JSON can never be: empty, not UTF-8, or holding a raw NUL byte.
    static func checkBytes(_ body: [UInt8]) throws(JSONDocumentError) {
        if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw JSONDocumentError(path: "$", reason: "the body is empty")
        }
        if let offset = firstInvalidUTF8Offset(body) {
            throw JSONDocumentError(path: "$", reason: "the body is not valid UTF-8 (bad byte at offset \(offset))")
        }
        if let offset = body.firstIndex(of: 0) {
            throw JSONDocumentError(path: "$", reason: "NUL byte at offset \(offset) (never valid in JSON)")
        }
    }

    /// The offset of the first byte that does not start a well-formed UTF-8 sequence, if any
    /// (Unicode Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer -> Int? in
            let count = buffer.count
            var i = 0
            while i < count {
                let lead = buffer[i]
                if lead < 0x80 { i += 1; continue }
                let length: Int
                var low: UInt8 = 0x80
                var high: UInt8 = 0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; low = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; high = 0x9F
                case 0xF0: length = 4; low = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; high = 0x8F
                default: return i
                }
                guard i + length <= count else { return i }
                let second = buffer[i + 1]
                guard second >= low, second <= high else { return i }
                var k = 2
                while k < length {
                    guard buffer[i + k] & 0xC0 == 0x80 else { return i }
                    k += 1
                }
                i += length
            }
            return nil
        }
    }

    /// Maps a `DecodingError` to the JSON path it happened at, in `a.b[2].c` form.
    static func documentError(_ error: DecodingError, body: [UInt8]) -> JSONDocumentError {
        switch error {
        case .typeMismatch(let type, let context):
            return JSONDocumentError(path: path(context.codingPath), reason: "expected \(describe(type))" + found(context.debugDescription))
        case .valueNotFound(let type, let context):
            return JSONDocumentError(path: path(context.codingPath), reason: "expected \(describe(type)), found null")
        case .keyNotFound(let key, let context):
            return JSONDocumentError(path: path(context.codingPath + [key]), reason: "required field is missing")
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                guard let detail = syntaxDetail(body) else {
                    return JSONDocumentError(path: "$", reason: "a value could not be decoded (a number out of range or not an integer?)")
                }
                return JSONDocumentError(path: "$", reason: "not valid JSON: \(clean(detail))")
            }
            return JSONDocumentError(path: path(context.codingPath), reason: clean(context.debugDescription))
        @unknown default:
            return JSONDocumentError(path: "$", reason: clean("\(error)"))
        }
    }

    /// `JSONDecoder` only says "The given data was not valid JSON."; `JSONSerialization` says
    /// where and why ("Unexpected end of file", "Number 1e400 is not representable",
    /// "Too many nested arrays or dictionaries around character 513"). Only run on failure.
    private static func syntaxDetail(_ body: [UInt8]) -> String? {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
            return nil
        } catch let error as NSError {
            return error.userInfo[NSDebugDescriptionErrorKey] as? String
        }
    }

    /// `alerts[1].startsAt` for a coding path; `$` for the root. Keys that are not plain
    /// identifiers are bracketed: `labels["app.kubernetes.io/name"]`.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out = JSONPath.appending(key.stringValue, to: out)
            }
        }
        return out.isEmpty ? "$" : out
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object"
        }
    }

    /// `, found a number` from Foundation's "Expected to decode String but found number instead.".
    private static func found(_ debugDescription: String) -> String {
        guard let range = debugDescription.range(of: "but found ") else { return "" }
        let rest = debugDescription[range.upperBound...]
        var what = rest.prefix { $0.isLetter || $0 == " " }.replacingOccurrences(of: " instead", with: "")
            .replacingOccurrences(of: "dictionary", with: "object").trimmingCharacters(in: .whitespaces)
        for article in ["a ", "an "] where what.hasPrefix(article) { what.removeFirst(article.count) }
        guard !what.isEmpty else { return "" }
        if what == "null" { return ", found null" }
        return ", found " + (what.hasPrefix("a") || what.hasPrefix("o") ? "an " : "a ") + what
    }

    /// Decoder messages bounded and on one line.
    private static func clean(_ text: String) -> String {
        SingleLine.bounded(text, limit: 300)
    }
}
