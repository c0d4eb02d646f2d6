import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A process a test started: output goes to a log file, and `stop()` ends exactly this process.
final class ManagedProcess: @unchecked Sendable {
    let name: String
    let process = Process()
    let logPath: String

    /// Starts `executable` with `arguments`; stdout and stderr go to `logPath`.
    init(
        name: String, executable: String, arguments: [String], logPath: String, environment: [String: String]? = nil,
        directory: String? = nil
    ) throws {
        self.name = name
        self.logPath = logPath
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        try process.run()
        Self.watch(child: process.processIdentifier)
    }

    /// If the test process dies without stopping its children (a crash, a CI timeout), a small
    /// watchdog ends this child a second later, so no stray server outlives the test run.
    private static func watch(child: Int32) {
        let watchdog = Process()
        watchdog.executableURL = URL(fileURLWithPath: "/bin/sh")
        let parent = getpid()
        watchdog.arguments = ["-c", "while kill -0 \(parent) 2>/dev/null && kill -0 \(child) 2>/dev/null; do sleep 1; done; "
            + "kill -0 \(child) 2>/dev/null && { kill -TERM \(child); sleep 3; kill -KILL \(child); } 2>/dev/null; exit 0"]
        watchdog.standardInput = FileHandle.nullDevice
        watchdog.standardOutput = FileHandle.nullDevice
        watchdog.standardError = FileHandle.nullDevice
        try? watchdog.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// The log so far.
    func output() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// SIGKILL, no chance to clean up: what a crash or OOM kill looks like.
    func kill() {
        guard process.isRunning else { return }
        _ = Glibc.kill(pid, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then SIGKILL after `grace` seconds.
    func stop(grace: TimeInterval = 5) {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(grace)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        kill()
    }

    deinit { stop(grace: 2) }
}

/// Waiting for a condition instead of sleeping a fixed time.
enum Wait {
    struct TimedOut: Error, CustomStringConvertible {
        let what: String
        var description: String { "timed out waiting for \(what)" }
    }

    /// Polls `condition` every `interval` until it returns a value or `timeout` passes.
    static func until<T>(
        _ what: String, timeout: TimeInterval = 30, interval: TimeInterval = 0.1,
        _ condition: () async throws -> T?
    ) async throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let value = try await condition() { return value }
            if Date() > deadline { throw TimedOut(what: what) }
            try await Task.sleep(nanoseconds: UInt64(interval * 1e9))
        }
    }
}

/// Free TCP ports on 127.0.0.1.
enum FreePort {
    /// A port the kernel just handed out and released (a tiny race remains; the tests tolerate it).
    static func pick() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

/// Where the test's programs are.
enum Programs {
    /// The `aftermath` executable built with the tests (`make test` sets AFTERMATH_BIN).
    static var aftermath: String {
        if let bin = ProcessInfo.processInfo.environment["AFTERMATH_BIN"] { return bin }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/aftermath").path
    }

    /// The first of `names` found in PATH (or the usual Debian locations).
    static func find(_ names: String...) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/sbin:/usr/bin:/sbin:/bin"
        for name in names {
            for dir in path.split(separator: ":") {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }
}
