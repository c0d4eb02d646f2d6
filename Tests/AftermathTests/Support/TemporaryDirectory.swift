import Foundation

/// A fresh directory under the system temp dir, removed when the test is done with it.
final class TemporaryDirectory: @unchecked Sendable {
    let path: String

    init(_ label: String = "aftermath-test") throws {
        let base = (NSTemporaryDirectory() as NSString).appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// Writes `text` to `name` inside the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let p = file(name)
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    deinit {
        if ProcessInfo.processInfo.environment["AFTERMATH_KEEP_TEST_DIRS"] == nil {
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
