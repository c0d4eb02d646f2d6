import Foundation
import FuzzTargets
import Testing

/// Replays, through the same entry points `make fuzz` drives, every input that once crashed a fuzz
/// target (`Fixtures/fuzz/<target>/`) and a set of hostile shapes; none may trap.
@Suite("Fuzz targets: regression inputs")
struct FuzzRegressionTests {
    static let hostile: [[UInt8]] = [
        [], [0], [0xFF, 0xFE, 0xFD], Array("{".utf8), Array("null".utf8), Array("[]".utf8),
        Array(String(repeating: "[", count: 100_000).utf8), Array(String(repeating: "{\"a\":", count: 20_000).utf8),
        Array(#"{"alerts":[{"startsAt":"9999-12-31T23:59:59.9999999999Z","endsAt":1e400}]}"#.utf8),
        Array("---\n---\n<!-- aftermath:begin x -->\n<!-- aftermath:end x -->\n<!-- aftermath:begin x -->".utf8),
        Array("---\nid: [\n".utf8), Array("a: &a [*a]\n".utf8), Array(String(repeating: "> ", count: 50_000).utf8),
        Array("-----BEGIN PRIVATE KEY-----\(String(repeating: " ", count: 10_000))".utf8),
    ]

    @Test("Every target takes hostile shapes without trapping", arguments: FuzzTarget.allCases)
    func hostileShapes(target: FuzzTarget) {
        defer { if target == .intake { try? FileManager.default.removeItem(atPath: FuzzTarget.archiveDirectory) } }
        for input in Self.hostile { target.run(input) }
    }

    @Test("Every input that once crashed a target is replayed", arguments: FuzzTarget.allCases)
    func regressions(target: FuzzTarget) throws {
        defer { if target == .intake { try? FileManager.default.removeItem(atPath: FuzzTarget.archiveDirectory) } }
        let directory = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
            .appendingPathComponent("fuzz/\(target.rawValue)")
        let files = (try? FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)) ?? []
        for file in files where !file.lastPathComponent.hasPrefix(".") {
            target.run(Array(try Data(contentsOf: file)))
        }
    }
}
