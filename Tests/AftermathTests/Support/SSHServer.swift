@testable import Capture
import Foundation
import Settings
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A real OpenSSH `sshd` (Debian `openssh-server`) on 127.0.0.1 and a free port, run as the
/// current user (root in CI) with its own config, host key, authorized key and known_hosts, all in
/// a temporary directory. `stop()` ends exactly that sshd.
///
/// sshd runs through `LocalProcessRunner` (its own session, torn down by cancelling its task), not
/// `ManagedProcess`: sshd closes every inherited descriptor at start, and Foundation's `Process`
/// on Linux then blocks its single process-manager thread in `waitpid` on sshd, so no other
/// `Process` in the test run would see its child exit until sshd ends.
final class SSHServer: @unchecked Sendable {
    let directory: TemporaryDirectory
    let port: Int
    private let run: Task<ProcessOutcome, Never>
    private let state = SharedState()

    /// sshd's output so far and whether it has exited, shared with the task running it.
    private final class SharedState: Sendable {
        private let value = Mutex<(log: String, ended: Bool)>(("", false))
        func withLock<T>(_ body: (inout (log: String, ended: Bool)) -> T) -> T { value.withLock { body(&$0) } }
    }
    /// The client's private key (`identity_file`).
    let identityFile: String
    /// `[127.0.0.1]:<port> ssh-ed25519 …`: the server's real host key (`known_hosts_file`).
    let knownHostsFile: String
    /// The user the tests log in as (the current user).
    let user: String

    /// Starts sshd and waits until it answers with an `SSH-2.0` banner (retries on a port race).
    static func start() async throws -> SSHServer {
        var lastError: any Error = Wait.TimedOut(what: "sshd to start")
        for _ in 0..<3 {
            do {
                return try await SSHServer()
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    private init() async throws {
        guard let sshd = Programs.find("sshd"), let keygen = Programs.find("ssh-keygen") else {
            throw Wait.TimedOut(what: "OpenSSH (apt-get install openssh-server openssh-client)")
        }
        directory = try TemporaryDirectory("aftermath-sshd")
        // sshd's privilege-separation directory must exist even when it runs in the foreground.
        try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        let hostKey = directory.file("host_ed25519")
        identityFile = directory.file("client_ed25519")
        try await Self.runTool(keygen, ["-q", "-t", "ed25519", "-N", "", "-C", "aftermath-test-host", "-f", hostKey])
        try await Self.runTool(keygen, ["-q", "-t", "ed25519", "-N", "", "-C", "aftermath-test-client", "-f", identityFile])
        let authorizedKeys = try directory.write("authorized_keys", try String(contentsOfFile: identityFile + ".pub", encoding: .utf8))

        port = try FreePort.pick()
        let hostPublic = try String(contentsOfFile: hostKey + ".pub", encoding: .utf8)
            .split(separator: " ").prefix(2).joined(separator: " ")
        knownHostsFile = try directory.write("known_hosts", "[127.0.0.1]:\(port) \(hostPublic)\n")
        user = Self.currentUser()

        let config = try directory.write("sshd_config", """
            ListenAddress 127.0.0.1
            Port \(port)
            HostKey \(hostKey)
            AuthorizedKeysFile \(authorizedKeys)
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            PermitRootLogin prohibit-password
            StrictModes no
            PidFile \(directory.file("sshd.pid"))
            LogLevel VERBOSE

            """)
        // `sh` only merges stderr (where -e logs) into the streamed stdout, then becomes sshd.
        let argv = ["/bin/sh", "-c", #"exec "$0" -D -e -f "$1" 2>&1"#, sshd, config]
        let state = state
        run = Task {
            let outcome = await LocalProcessRunner().stream(ProcessInvocation(argv: argv, timeout: 3600, maxBytes: 1 << 20)) { chunk in
                state.withLock { $0.log += String(decoding: chunk, as: UTF8.self) }
                return .more
            }
            state.withLock { $0.ended = true }
            return outcome
        }
        let port = port
        do {
            _ = try await Wait.until("sshd banner on 127.0.0.1:\(port)", timeout: 20, interval: 0.05) {
                if state.withLock({ $0.ended }) { throw Wait.TimedOut(what: "sshd, which exited: \(state.withLock { $0.log }.suffix(2000))") }
                return Self.banner(port: port)?.hasPrefix("SSH-2.0") == true ? true : nil
            }
        } catch {
            stop()
            throw error
        }
    }

    /// A host entry for this server (`connect_timeout` in seconds).
    func host(name: String = "sshtest", connectTimeout: TimeInterval = 5, knownHostsFile: String? = nil) -> HostConfig {
        HostConfig(name: name, address: "127.0.0.1", ssh: SSHConfig(
            user: user, port: port, identityFile: identityFile, knownHostsFile: knownHostsFile ?? self.knownHostsFile,
            connectTimeout: connectTimeout))
    }

    /// sshd's log so far (`-e`: it logs to stderr).
    func log() -> String { state.withLock { $0.log } }

    /// Ends this sshd (and only it: the teardown signals its own session's process group), and
    /// waits up to 5 s for its port to close.
    func stop() {
        run.cancel()
        let deadline = Date().addingTimeInterval(5)
        while Self.banner(port: port) != nil, Date() < deadline { usleep(20_000) }
    }

    deinit { run.cancel() }

    /// The first line the server sends, or nil if it does not accept or say anything yet.
    static func banner(port: Int) -> String? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }

    static func currentUser() -> String {
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "root"
    }

    static func runTool(_ path: String, _ arguments: [String]) async throws {
        let outcome = await LocalProcessRunner().run(ProcessInvocation(argv: [path] + arguments, timeout: 30, maxBytes: 65536))
        guard outcome.exitCode == 0 else {
            throw Wait.TimedOut(what: "\(path) \(arguments.joined(separator: " ")) to succeed: \(outcome.failureDescription(timeout: 30) ?? "")")
        }
    }
}
