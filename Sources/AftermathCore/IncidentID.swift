import Foundation
import Synchronization

/// Makes the short, URL-safe, stable ids incidents are known by (`k3x9qa7m`).
public protocol IncidentIDGenerator: Sendable {
    func next() -> String
}

/// 8 characters of lower-case Crockford base32 (40 random bits).
public struct RandomIncidentIDs: IncidentIDGenerator {
    public init() {}

    public func next() -> String {
        var generator = SystemRandomNumberGenerator()
        return CrockfordBase32.encode(generator.next() as UInt64, digits: 8)
    }
}

/// Deterministic ids for tests: `seq00001`, `seq00002`, …
public final class SequentialIncidentIDs: IncidentIDGenerator, Sendable {
    private let counter = Mutex(0)

    public init() {}

    public func next() -> String {
        let n = counter.withLock { counter in
            counter += 1
            return counter
        }
        return "seq" + String(format: "%05d", n)
    }
}

/// Lower-case Crockford base32: no i, l, o, u, so ids read aloud and copy cleanly.
public enum CrockfordBase32 {
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    /// The lowest `digits` × 5 bits of `value`, most significant first.
    public static func encode(_ value: UInt64, digits: Int) -> String {
        var out = [Character](repeating: "0", count: digits)
        var v = value
        for i in stride(from: digits - 1, through: 0, by: -1) {
            out[i] = alphabet[Int(v & 31)]
            v >>= 5
        }
        return String(out)
    }

    /// Whether `text` could be an id: 1–64 characters of `[0-9a-z-]`.
    public static func isPlausibleID(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64 && text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }
}
