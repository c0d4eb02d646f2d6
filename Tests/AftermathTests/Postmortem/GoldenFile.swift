import Foundation
import Postmortem
import Testing

/// Reference files under `Tests/AftermathTests/Fixtures/postmortem/`: a mismatch fails with a
/// unified diff; `AFTERMATH_UPDATE_GOLDEN=1` rewrites the reference instead.
enum GoldenFile {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/postmortem")
    }

    /// Compares `actual` with the reference `name`.
    static func assertMatches(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["AFTERMATH_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            print("golden file \(name) rewritten")
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("no reference file \(url.path); run with AFTERMATH_UPDATE_GOLDEN=1 to create it", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard Array(expected.utf8) != Array(actual.utf8) else { return }
        let diff = UnifiedDiff.make(old: expected, new: actual, oldName: "expected/\(name)", newName: "actual/\(name)")
        Issue.record("""
            generated Markdown differs from \(name) (AFTERMATH_UPDATE_GOLDEN=1 rewrites it after a deliberate change):
            \(diff)
            """, sourceLocation: sourceLocation)
    }
}
