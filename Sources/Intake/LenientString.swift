import Foundation

/// A scalar that may arrive as a string, a number or a boolean (templated senders quote
/// some numbers and not others); anything else decodes as absent instead of failing.
struct LenientString: Decodable, Sendable, Equatable {
    var value: String?

    init(_ value: String?) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = nil
        } else if let s = try? container.decode(String.self) {
            value = s
        } else if let i = try? container.decode(Int64.self) {
            value = String(i)
        } else if let d = try? container.decode(Double.self) {
            value = d.isFinite && d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        } else if let b = try? container.decode(Bool.self) {
            value = b ? "true" : "false"
        } else {
            value = nil
        }
    }

    /// The value, unless blank or an unsubstituted template placeholder (`${{…}}`, `$NAME`).
    var meaningful: String? {
        guard let v = value?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
        if v.hasPrefix("${{") && v.hasSuffix("}}") { return nil }
        return v
    }
}
