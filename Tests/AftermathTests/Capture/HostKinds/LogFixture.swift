@testable import Capture
import Foundation

/// Three rotated logs around `HostKindFixtures.window` (11:30–11:50Z): `app.log`, `app.log.1`
/// and `app.log.2.gz`, in RFC 3339, syslog and common log format, with continuation lines.
struct LogFixture {
    /// Per file path, the lines a window filter must keep, in order.
    let expected: [String: [String]]
    let directory: TemporaryDirectory

    /// Writes the files; syslog times are written in `zone` (how the reader must interpret them).
    init(zone: TimeZone) async throws {
        directory = try TemporaryDirectory("aftermath-logs")
        let syslog = DateFormatter()
        syslog.locale = Locale(identifier: "en_US_POSIX")
        syslog.timeZone = zone
        syslog.dateFormat = "MMM dd HH:mm:ss"
        func sys(_ time: String) -> String { syslog.string(from: HostKindFixtures.date("2026-11-27T\(time)Z")) }

        let oldest: [(String, Bool)] = [
            ("2026-11-27T11:20:00Z worker started", false),
            ("\tat continuation.of(OutOfWindow.java:1)", false),
            ("2026-11-27T11:31:00.250Z ERROR A request failed", true),
            ("\tat com.example.A(A.java:1)", true),
            ("2026-11-27T12:31:00+01:00 B with an offset", true),
        ]
        let previous: [(String, Bool)] = [
            ("garbage header before any timestamp", false),
            ("\(sys("11:29:59")) web-1 api[1]: just before the window", false),
            ("\(sys("11:35:00")) web-1 api[1]: C retrying", true),
            ("  continuation of C", true),
            ("\(sys("11:49:59")) web-1 api[1]: D gave up", true),
        ]
        let current: [(String, Bool)] = [
            (#"10.0.0.1 - - [27/Nov/2026:11:45:00 +0000] "GET /e HTTP/1.1" 500 12 "-" "curl/8""#, true),
            ("2026-11-27T11:50:00Z F at the very end of the window", true),
            (#"10.0.0.1 - - [27/Nov/2026:11:50:01 +0000] "GET /late HTTP/1.1" 200 1"#, false),
            ("continuation of the late line", false),
            ("2026-11-27T11:49:00Z G written out of order, inside the window", true),
        ]
        func body(_ lines: [(String, Bool)]) -> String { lines.map(\.0).joined(separator: "\n") + "\n" }
        let plain = try directory.write("app.log", body(current))
        let rotated = try directory.write("app.log.1", body(previous))
        let toCompress = try directory.write("app.log.2", body(oldest))
        try await Self.gzip(toCompress)
        expected = [
            plain: current.filter(\.1).map(\.0),
            rotated: previous.filter(\.1).map(\.0),
            toCompress + ".gz": oldest.filter(\.1).map(\.0),
        ]
    }

    var glob: String { directory.file("app.log*") }

    /// Compresses `path` to `path.gz` (LocalProcessRunner, not Foundation's Process: see SSHServer).
    static func gzip(_ path: String) async throws {
        let outcome = await LocalProcessRunner().run(ProcessInvocation(argv: ["gzip", "--", path], timeout: 30, maxBytes: 4096))
        guard outcome.exitCode == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: outcome.stderr]) }
    }
}
