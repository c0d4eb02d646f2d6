import Foundation

/// Runs a program to completion without blocking a thread of the test run's small cooperative pool
/// (on 2 cores a test that sits in `waitUntilExit` starves the others' timers): input and output go
/// through temporary files, and the end of the process is awaited by polling.
func runProgram(
    _ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String]? = nil, input: String = ""
) async throws -> (status: Int32, stdout: String, stderr: String) {
    let scratch = try TemporaryDirectory("program")
    let stdinPath = try scratch.write("stdin", input)
    let stdoutPath = scratch.file("stdout"), stderrPath = scratch.file("stderr")
    FileManager.default.createFile(atPath: stdoutPath, contents: nil)
    FileManager.default.createFile(atPath: stderrPath, contents: nil)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    if let environment { process.environment = environment }
    let stdin = try FileHandle(forReadingFrom: URL(fileURLWithPath: stdinPath))
    let stdout = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
    let stderr = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
    defer { try? stdin.close(); try? stdout.close(); try? stderr.close() }
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
    process.waitUntilExit()
    let read = { (path: String) in (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
    return (process.terminationStatus, read(stdoutPath), read(stderrPath))
}
