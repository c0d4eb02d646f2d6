import AftermathCore
import Foundation

/// A stable 64-bit FNV-1a content hash for change detection (not for security): the same bytes give
/// the same hash in every process and on every machine, unlike Swift's seeded `Hasher`.
public struct ContentHasher: Sendable {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    /// A hasher with nothing fed yet.
    public init() {}

    /// Feeds raw bytes.
    public mutating func combine<S: Sequence>(bytes: S) where S.Element == UInt8 {
        var h = state
        for byte in bytes {
            h = (h ^ UInt64(byte)) &* Self.prime
        }
        state = h
    }

    /// Feeds a string followed by a separator, so `("ab","c")` and `("a","bc")` differ.
    public mutating func combine(_ text: String) {
        var copy = text
        copy.withUTF8 { combine(bytes: $0) }
        combine(bytes: CollectionOfOne(0x1F))
    }

    /// Feeds an optional string (nil differs from "").
    public mutating func combine(_ text: String?) {
        if let text { combine(text) } else { combine(bytes: CollectionOfOne(0x1E)) }
    }

    /// Feeds an integer.
    public mutating func combine(_ value: Int64) {
        withUnsafeBytes(of: value.littleEndian) { combine(bytes: $0) }
    }

    /// Feeds a date at millisecond precision (nil differs from every date).
    public mutating func combine(_ date: Date?) {
        guard let date else { combine(bytes: CollectionOfOne(0x1E)); return }
        combine(Int64(saturating: (date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// Feeds a dictionary in key order.
    public mutating func combine(_ map: [String: String]) {
        for key in map.keys.sorted() {
            combine(key)
            combine(map[key])
        }
        combine(bytes: CollectionOfOne(0x1D))
    }

    /// Feeds another hash value.
    public mutating func combine(hash: UInt64) {
        combine(Int64(bitPattern: hash))
    }

    /// The hash so far.
    public var value: UInt64 { state }

    /// The hash as 16 lower-case hex digits.
    public var hex: String { Self.hex(state) }

    /// 16 lower-case hex digits of `value`.
    public static func hex(_ value: UInt64) -> String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// The hash of `data` in one call.
    public static func hash(_ data: Data) -> UInt64 {
        var h = ContentHasher()
        data.withUnsafeBytes { h.combine(bytes: $0) }  // not byte by byte through `Data.Iterator`
        return h.value
    }
}
