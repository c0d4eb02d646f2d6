@testable import Capture
import Foundation
import Testing

/// A capture's `alerts_json` is written directly; its bytes must stay what `JSONEncoder` with
/// sorted keys wrote.
@Suite("Capture alerts JSON")
struct AlertsJSONTests {
    static let pieces = [
        "a", "Z", "_", "0", "9", "10", "/", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{8}", "\u{c}", "\u{1f}",
        "\u{7f}", "é", "e\u{301}", "ß", "ｂ", "\u{2028}", "\u{2029}", "😀", "\u{FFFD}", "\u{E000}", " ", "<", "&", "=", "{", "}",
    ]

    func encoded(_ alerts: [AlertContext]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(alerts)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    func text(_ generator: inout some RandomNumberGenerator) -> String {
        (0..<Int.random(in: 0...6, using: &generator)).map { _ in Self.pieces.randomElement(using: &generator)! }.joined()
    }

    func seconds(_ generator: inout some RandomNumberGenerator) -> Double {
        switch Int.random(in: 0..<6, using: &generator) {
        case 0: return Double(Int.random(in: -1_000_000_000...2_000_000_000, using: &generator))
        case 1: return Double(Int64.random(in: 0..<4_102_444_800_000, using: &generator)) / 1000
        case 2: return Double.random(in: -1e9...1e10, using: &generator)
        case 3: return Double.random(in: -1e-3...1e-3, using: &generator)
        case 4: return [0, -0.0, 1e16, 1e17, 1e-5, .leastNonzeroMagnitude, 253_402_300_799.999, -62_135_596_800].randomElement(using: &generator)!
        default: return Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
        }
    }

    @Test("Random alerts, labels and times: the bytes JSONEncoder writes")
    func asEncoder() {
        var generator = SystemRandomNumberGenerator()
        var mismatches: [String] = []
        for _ in 0..<20_000 {
            let alerts = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
                AlertContext(
                    name: text(&generator),
                    labels: Dictionary((0..<Int.random(in: 0...5, using: &generator)).map { _ in (text(&generator), text(&generator)) },
                                       uniquingKeysWith: { a, _ in a }),
                    startsAt: Date(timeIntervalSinceReferenceDate: seconds(&generator)),
                    endsAt: Bool.random(using: &generator) ? Date(timeIntervalSinceReferenceDate: seconds(&generator)) : nil,
                    generatorURL: Bool.random(using: &generator) ? "http://p:9090/graph?g0.expr=" + text(&generator) : nil)
            }
            let expected = encoded(alerts)
            if CapturePlanner.json(alerts) != expected { mismatches.append(expected) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differ, e.g. \(mismatches.prefix(3))")
    }

    @Test("An alert list the encoder refuses (a time that is not finite) is still an empty list")
    func notFinite() {
        let alert = AlertContext(name: "x", labels: [:], startsAt: Date(timeIntervalSinceReferenceDate: .nan), endsAt: nil, generatorURL: nil)
        #expect(CapturePlanner.json([alert]) == encoded([alert]))
        #expect(CapturePlanner.json([alert]) == "[]")
        var ended = alert
        ended.startsAt = Date(timeIntervalSinceReferenceDate: 0)
        ended.endsAt = Date(timeIntervalSinceReferenceDate: .infinity)
        #expect(CapturePlanner.json([ended]) == encoded([ended]))
    }
}
