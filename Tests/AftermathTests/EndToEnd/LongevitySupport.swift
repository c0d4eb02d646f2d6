import AsyncHTTPClient
import Foundation
import Testing

/// What the longevity tests share: a working directory with a configuration that captures real
/// evidence (a log file and command output on this host), the Python checker, and tar.
struct LongevityWorld {
    let dir: TemporaryDirectory
    let config: String
    var archive: String { dir.file("archive") }

    /// `retention` is appended verbatim under the top level (e.g. "retention: { evidence_content: 3s }").
    init(_ label: String, logLines: Int = 200, retention: String = "") throws {
        dir = try TemporaryDirectory(label)
        var log = ""
        let now = Date()
        for i in 0..<logLines {
            let ts = ISO8601DateFormatter().string(from: now.addingTimeInterval(Double(i - logLines) / 100))
            log += "\(ts) app[\(i)]: request \(i) took \(i % 97) ms; payload chunk \(String(repeating: "x\(i % 10)", count: 20))\n"
        }
        log += "\(ISO8601DateFormatter().string(from: now)) app: ERROR deadlock detected on orders (password=hunter2-secret)\n"
        try dir.write("logs/app.log", log)
        config = try dir.write("aftermath.yaml", """
            templates: \(SiteFixture.repositoryRoot)/templates
            capture:
              lookback: 1h
            collectors:
              - { name: app-log, kind: file, match: { service: orders }, host: local, paths: ["\(dir.file("logs"))/app.log*"] }
              - name: diag
                kind: command
                match: { service: orders }
                host: local
                commands:
                  - { name: uname, argv: [uname, "-a"] }
                  - { name: quoting, argv: [echo, "slash/and \\"quotes\\" and é"] }
            \(retention)
            """)
    }

    /// `aftermath ARGS --config CONFIG --archive ARCHIVE` (global options appended).
    func cli(_ arguments: [String], archive: String? = nil) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await aftermath(arguments + ["--config", config, "--archive", archive ?? self.archive])
    }

    /// POSTs a generic webhook that opens an incident; returns its id.
    static func openIncident(_ server: AftermathProcess, key: String, title: String) async throws -> String {
        let body = Array(#"{"key":"\#(key)","status":"firing","title":"\#(title)","severity":"critical","services":["orders"],"labels":{"service":"orders"}}"#.utf8)
        var request = HTTPClientRequest(url: "\(server.baseURL)/hooks/generic")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(.init(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        let answer = try await response.body.collect(upTo: 1 << 20)
        let json = try JSONSerialization.jsonObject(with: Data(buffer: answer)) as? [String: Any]
        let incidents = json?["incidents"] as? [String] ?? []
        return try #require(incidents.first, "no incident in \(json ?? [:])")
    }
}

/// `tools/aftermath-check.py`, the independent checker.
enum PythonChecker {
    static var script: String { (SiteFixture.repositoryRoot as NSString).appendingPathComponent("tools/aftermath-check.py") }

    /// Runs the checker; `json` is its `--json` output when it printed one.
    static func run(_ arguments: [String]) async throws -> (status: Int32, stdout: String, json: [String: Any]?) {
        let python = try #require(Programs.find("python3"), "python3 is needed for tools/aftermath-check.py")
        let (status, data) = try await offThread { () -> (Int32, Data) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [script] + arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, data)
        }
        let text = String(decoding: data, as: UTF8.self)
        let json = arguments.contains("--json") ? (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] : nil
        return (status, text, json)
    }
}

/// Runs blocking work (waiting for a child process) on a Dispatch thread, so it never holds one of
/// the few threads Swift concurrency runs every test's tasks on (2 on a 2-core machine).
func offThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}

/// `runAftermath` off the concurrency threads.
func aftermath(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
    try await offThread { try runAftermath(arguments) }
}

extension EndToEnd.SiteChromiumTests.Browser {
    /// The DOM after scripts ran, with Chromium waited for off the concurrency threads.
    func domOffThread(_ url: String) async throws -> String {
        let browser = self
        let result = try await offThread { try browser.run(["--virtual-time-budget=5000", "--dump-dom", url]) }
        #expect(result.status == 0, "chromium exited \(result.status) for \(url); log: \(log)")
        return result.stdout
    }

    /// A PNG of the page, taken off the concurrency threads.
    func screenshotOffThread(_ url: String, to path: String, width: Int = 1280, height: Int = 1800) async throws {
        let browser = self
        try? FileManager.default.removeItem(atPath: path)
        _ = try await offThread { try browser.run(["--virtual-time-budget=3000", "--window-size=\(width),\(height)", "--screenshot=\(path)", url]) }
        #expect(FileManager.default.fileExists(atPath: path), "no screenshot \(path); log: \(log)")
    }
}

/// Flips one byte of `path` at `offset` (from the end when negative).
func flipByte(_ path: String, at offset: Int) throws {
    var data = try Data(contentsOf: URL(fileURLWithPath: path))
    let i = offset >= 0 ? offset : data.count + offset
    data[i] ^= 0x01
    try data.write(to: URL(fileURLWithPath: path))
}
