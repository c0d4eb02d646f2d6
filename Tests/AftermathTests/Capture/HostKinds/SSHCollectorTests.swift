@testable import Capture
import Foundation
import Settings
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension EndToEnd {
    @Suite("Commands, files and the journal over a real sshd on 127.0.0.1")
    struct SSHCollectorTests {
        let runner = LocalProcessRunner()

        func templates(_ templates: [CommandTemplate]) -> CollectorConfig {
            var config = CollectorConfig(name: "diag", kind: .command)
            config.commands = .templates(templates)
            return config
        }

        @Test("built-in uptime and df -hP run over ssh and return their output")
        func builtInsOverSSH() async throws {
            let server = try await SSHServer.start()
            defer { server.stop() }
            let items = await CommandCollector(runner: runner).collect(HostKindFixtures.context(
                CollectorConfig(name: "diag", kind: .command), host: server.host()))
            let byName = Dictionary(uniqueKeysWithValues: items.map { ($0.name, $0) })
            let uptime = try #require(byName["uptime"])
            #expect(uptime.status == .ok, "\(uptime.error ?? "") — sshd log: \(server.log().suffix(1500))")
            #expect(uptime.text.contains("load average"))
            #expect(uptime.host == "sshtest" && uptime.request["via"] == "ssh" && uptime.request["argv"] == "uptime")
            let disks = try #require(byName["disks"])
            #expect(disks.status == .ok && disks.text.contains("Filesystem"))
        }

        @Test("a hostile argument reaches the remote side as one argument, byte for byte, and runs nothing")
        func remoteShellInjection() async throws {
            let server = try await SSHServer.start()
            defer { server.stop() }
            let directory = try TemporaryDirectory()
            let marks = (1...6).map { directory.file("X\($0)") }
            let hostile = "'; touch \(marks[0]); ' $(touch \(marks[1])) `touch \(marks[2])`; touch \(marks[3])\ntouch \(marks[4]) && touch \(marks[5]) \\ \" *"
            let outcome = await HostRunner(host: server.host(), runner: runner).run(["printf", "%s\\n", hostile], timeout: 20, maxBytes: 65536)
            #expect(outcome.exitCode == 0, "\(outcome.stderr)")
            #expect(outcome.stdout == hostile + "\n")
            // The same through a configured template.
            let items = await CommandCollector(runner: runner).collect(HostKindFixtures.context(
                templates([CommandTemplate(name: "echo", argv: ["printf", "%s", hostile])]), host: server.host()))
            #expect(items.first?.status == .ok)
            #expect(items.first?.text == hostile)
            for mark in marks { #expect(!FileManager.default.fileExists(atPath: mark), "\(mark) was created") }
        }

        @Test("an unknown host key fails within connect_timeout + 2s with ssh's words; known_hosts stays unchanged")
        func unknownHostKey() async throws {
            let server = try await SSHServer.start()
            defer { server.stop() }
            let directory = try TemporaryDirectory()
            let emptyKnownHosts = try directory.write("known_hosts", "")
            let started = Date()
            let items = await CommandCollector(runner: runner).collect(HostKindFixtures.context(
                templates([CommandTemplate(name: "uptime", argv: ["uptime"])]),
                host: server.host(connectTimeout: 3, knownHostsFile: emptyKnownHosts)))
            #expect(Date().timeIntervalSince(started) <= 5)
            let item = try #require(items.first)
            #expect(item.status == .failed)
            #expect(item.exitCode == 255)
            #expect(item.error?.hasPrefix("exit status 255: ") == true)
            #expect(item.text.contains("Host key verification failed."))
            #expect(try String(contentsOfFile: emptyKnownHosts, encoding: .utf8) == "")
        }

        @Test("a key the server does not authorise fails with ssh's words, without prompting")
        func unauthorisedKey() async throws {
            let server = try await SSHServer.start()
            defer { server.stop() }
            let directory = try TemporaryDirectory()
            let stranger = directory.file("stranger_ed25519")
            try await SSHServer.runTool("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", stranger])
            var host = server.host(connectTimeout: 3)
            host.ssh?.identityFile = stranger
            let started = Date()
            let items = await CommandCollector(runner: runner).collect(HostKindFixtures.context(
                templates([CommandTemplate(name: "uptime", argv: ["uptime"])]), host: host))
            #expect(Date().timeIntervalSince(started) <= 5)
            #expect(items.first?.status == .failed)
            #expect(items.first?.error?.contains("Permission denied (publickey)") == true, "\(items.first?.error ?? "")")
        }

        @Test("a refused port fails fast; a port that accepts but never answers fails at connect_timeout")
        func unreachable() async throws {
            let closedPort = try FreePort.pick()
            let closed = HostConfig(name: "gone", address: "127.0.0.1", ssh: SSHConfig(port: closedPort, connectTimeout: 2))
            var started = Date()
            var items = await CommandCollector(runner: runner).collect(HostKindFixtures.context(
                templates([CommandTemplate(name: "uptime", argv: ["uptime"])]), host: closed))
            #expect(Date().timeIntervalSince(started) <= 4)
            #expect(items.first?.status == .failed)
            #expect(items.first?.error?.contains("Connection refused") == true, "\(items.first?.error ?? "")")

            let (listener, stallPort) = try Self.silentListener()
            defer { close(listener) }
            let stalled = HostConfig(name: "stalled", address: "127.0.0.1", ssh: SSHConfig(port: stallPort, connectTimeout: 2))
            started = Date()
            items = await CommandCollector(runner: runner).collect(HostKindFixtures.context(
                templates([CommandTemplate(name: "uptime", argv: ["uptime"])]), host: stalled))
            #expect(Date().timeIntervalSince(started) <= 4)
            #expect(items.first?.status == .failed)
            #expect(items.first?.error?.contains("timed out") == true, "\(items.first?.error ?? "")")
        }

        @Test("files over ssh: a fixed find lists the glob, cat/gzip -dc read it, the window is filtered here")
        func filesOverSSH() async throws {
            let server = try await SSHServer.start()
            defer { server.stop() }
            let fixture = try await LogFixture(zone: TimeZone(identifier: "UTC") ?? .current)
            var config = CollectorConfig(name: "api-logs", kind: .file)
            config.paths = [fixture.glob, fixture.directory.file("none-*.log")]
            let items = await FileCollector(runner: runner).collect(HostKindFixtures.context(config, host: server.host()))
            #expect(items.count == 4)
            for item in items.prefix(3) {
                #expect(item.status == .ok, "\(item.name): \(item.error ?? "")")
                #expect(item.request["via"] == "ssh")
                #expect(item.lines.map(\.text) == fixture.expected[item.name], "\(item.name)")
            }
            #expect(items.last?.error == "no file matches \(fixture.directory.file("none-*.log"))")
        }

        @Test("the journal over ssh")
        func journalOverSSH() async throws {
            let server = try await SSHServer.start()
            defer { server.stop() }
            let fixture = try await JournalFixture(entries: JournaldCollectorTests.entries)
            var config = CollectorConfig(name: "journal", kind: .journald)
            config.unit = "api.service"
            let items = await JournaldCollector(runner: runner, source: .directory(fixture.journalDirectory))
                .collect(HostKindFixtures.context(config, host: server.host()))
            #expect(items.first?.status == .ok, "\(items.first?.error ?? "")")
            #expect(items.first?.lines.count == 2)
            #expect(items.first?.request["via"] == "ssh")
        }

        /// A TCP socket on 127.0.0.1 that accepts connections (in the kernel backlog) and never speaks.
        static func silentListener() throws -> (Int32, Int) {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = 0
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let ok = withUnsafeMutablePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            guard fd >= 0, ok, listen(fd, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
            return (fd, Int(UInt16(bigEndian: addr.sin_port)))
        }
    }
}
