@testable import Capture
import Foundation

/// A real systemd journal the test owns: entries written in journal export format and turned
/// into a `.journal` file by `systemd-journal-remote` (Debian `systemd-journal-remote`), read
/// back by the real `journalctl --directory`.
struct JournalFixture {
    /// One entry: microseconds since the epoch and its fields (a `Data` value is written in the
    /// binary form, as journald stores non-text messages).
    struct Entry: Sendable {
        var micros: Int64
        var fields: [(String, Value)]
    }

    /// A field value: text, or bytes written in the export format's binary form.
    enum Value: Sendable, ExpressibleByStringLiteral {
        case text(String)
        case bytes([UInt8])

        init(stringLiteral value: String) { self = .text(value) }
    }

    let directory: TemporaryDirectory

    static var journalRemote: String? {
        ["/lib/systemd/systemd-journal-remote", "/usr/lib/systemd/systemd-journal-remote"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    init(entries: [Entry]) async throws {
        directory = try TemporaryDirectory("aftermath-journal")
        guard let tool = Self.journalRemote else {
            throw CocoaError(.executableNotLoadable, userInfo: [NSLocalizedDescriptionKey: "systemd-journal-remote is not installed (apt-get install systemd-journal-remote)"])
        }
        var export = Data()
        for entry in entries {
            export.append(Data("__REALTIME_TIMESTAMP=\(entry.micros)\n__MONOTONIC_TIMESTAMP=\(entry.micros % 1_000_000_000)\n_BOOT_ID=0123456789abcdef0123456789abcdef\n".utf8))
            for (key, value) in entry.fields {
                switch value {
                case .bytes(let bytes):
                    export.append(Data("\(key)\n".utf8))
                    var length = UInt64(bytes.count).littleEndian
                    export.append(Data(bytes: &length, count: 8))
                    export.append(Data(bytes))
                    export.append(Data("\n".utf8))
                case .text(let text):
                    export.append(Data("\(key)=\(text)\n".utf8))
                }
            }
            export.append(Data("\n".utf8))
        }
        let input = try directory.write("entries.export", "")
        try export.write(to: URL(fileURLWithPath: input))
        try FileManager.default.createDirectory(atPath: directory.file("journal"), withIntermediateDirectories: true)
        let outcome = await LocalProcessRunner().run(ProcessInvocation(
            argv: [tool, "--output=\(directory.file("journal/test.journal"))", input], timeout: 30, maxBytes: 65536))
        guard outcome.exitCode == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "systemd-journal-remote: \(outcome.stderr)"])
        }
    }

    /// The directory holding the `.journal` file (`journalctl --directory`).
    var journalDirectory: String { directory.file("journal") }

    static func micros(_ text: String) -> Int64 {
        Int64((HostKindFixtures.date(text).timeIntervalSince1970 * 1_000_000).rounded())
    }
}
