import AsyncHTTPClient
import Foundation
import NIOCore

/// `aftermath serve` as a separate process on a free loopback port.
final class AftermathProcess: @unchecked Sendable {
    let process: ManagedProcess
    let port: Int

    /// Starts `aftermath serve --listen 127.0.0.1:0` and waits for its "listening on" line. Without
    /// a `config`, the embedded default capture is turned off (`collectors: []`) unless
    /// `defaultCapture` asks for it: intake tests post thousands of incidents.
    init(archive: String, config: String? = nil, logPath: String, extraArguments: [String] = [], defaultCapture: Bool = false) async throws {
        // The site is not these tests' concern (it would be written under the working directory).
        var args = ["serve", "--archive", archive, "--listen", "127.0.0.1:0", "--log-level", "warning", "--no-site"]
        if let config {
            args += ["--config", config]
        } else if !defaultCapture {
            let noCapture = logPath + ".no-capture.yaml"
            try "collectors: []\n".write(toFile: noCapture, atomically: true, encoding: .utf8)
            args += ["--config", noCapture]
        }
        process = try ManagedProcess(name: "aftermath", executable: Programs.aftermath, arguments: args + extraArguments, logPath: logPath)
        let proc = process
        port = try await Wait.until("aftermath to print its port (log: \(logPath))", timeout: 60) {
            guard proc.isRunning else { throw Wait.TimedOut(what: "aftermath exited early: \(proc.output())") }
            for line in proc.output().split(separator: "\n") where line.hasPrefix("aftermath listening on ") {
                return Int(line.split(separator: ":").last ?? "")
            }
            return nil
        }
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }
}

/// Runs the `aftermath` CLI to completion (in `directory` when given, as a user in another folder
/// would) and returns its exit status and output.
func runAftermath(_ arguments: [String], in directory: String? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Programs.aftermath)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
}

extension HTTPClient {
    /// POSTs `body` and returns the status code (0 when the connection failed).
    func postStatus(_ url: String, body: [UInt8], headers: [(String, String)] = [], timeout: Int64 = 10) async -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await execute(request, timeout: .seconds(timeout))
            _ = try? await response.body.collect(upTo: 1 << 20)
            return Int(response.status.code)
        } catch {
            return 0
        }
    }

    /// GETs `url` and returns the body when the status is 2xx.
    func getText(_ url: String, timeout: Int64 = 5) async -> String? {
        do {
            let response = try await execute(HTTPClientRequest(url: url), timeout: .seconds(timeout))
            let body = try await response.body.collect(upTo: 16 << 20)
            return (200..<300).contains(response.status.code) ? String(buffer: body) : nil
        } catch {
            return nil
        }
    }
}
