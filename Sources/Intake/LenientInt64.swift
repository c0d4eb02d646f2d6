/// An integer that may arrive as a JSON number or as a string of digits (64-bit, never a
/// `Double`: Opsgenie's nanosecond timestamps exceed 2^53).
struct LenientInt64: Decodable, Sendable, Equatable {
    var value: Int64

    init(_ value: Int64) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let i = try? container.decode(Int64.self) {
            value = i
        } else if let s = try? container.decode(String.self), let i = Int64(s.trimmingCharacters(in: .whitespaces)) {
            value = i
        } else {
            throw DecodingError.typeMismatch(Int64.self, DecodingError.Context(
                codingPath: decoder.codingPath, debugDescription: "expected a 64-bit integer or a string of digits"))
        }
    }
}
