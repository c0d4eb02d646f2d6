@testable import Capture
import Foundation
import Settings
import Testing

@Suite("SSH invocation: argv shape, quoting and refusals")
struct SSHInvocationTests {
    let ssh = SSHConfig(user: "ops", port: 2222, identityFile: "/etc/aftermath/id_ed25519",
                        knownHostsFile: "/etc/aftermath/known_hosts", connectTimeout: 5)

    @Test("a configured host gives the fixed, strict ssh argv with -- before the address")
    func fullArgv() throws {
        let argv = try SSHInvocation.argv(host: HostConfig(name: "web-1", address: "10.0.0.5", ssh: ssh), remote: ["df", "-hP"])
        #expect(argv == [
            "ssh", "-T", "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", "-o", "ServerAliveInterval=5",
            "-o", "ServerAliveCountMax=2", "-o", "StrictHostKeyChecking=yes",
            "-o", "UserKnownHostsFile=/etc/aftermath/known_hosts", "-o", "GlobalKnownHostsFile=/dev/null",
            "-i", "/etc/aftermath/id_ed25519", "-o", "IdentitiesOnly=yes", "-p", "2222", "-l", "ops",
            "--", "10.0.0.5", "'df' '-hP'",
        ])
    }

    @Test("minimal settings: no known_hosts, identity or user options; the address defaults to the name")
    func minimalArgv() throws {
        let argv = try SSHInvocation.argv(host: HostConfig(name: "web-1", ssh: SSHConfig(connectTimeout: 2.5)), remote: ["uptime"])
        #expect(argv.contains("ConnectTimeout=3"))
        #expect(!argv.contains("-i") && !argv.contains("-l"))
        #expect(Array(argv.suffix(3)) == ["--", "web-1", "'uptime'"])
    }

    @Test("each remote argument is single-quoted so the remote shell reads it back as one word")
    func quoting() async throws {
        let hostile = "'; touch /tmp/X; ' $(touch X) `id` a;b\nc \\ \" *"
        let argv = try SSHInvocation.argv(host: HostConfig(name: "web-1", ssh: ssh), remote: ["printf", "%s\\n", hostile])
        #expect(ShellQuote.quote("it's") == #"'it'\''s'"#)
        // A real POSIX shell parses that line back to exactly the argv.
        let words = await posixShellWords(argv.last ?? "")
        #expect(words == ["printf", "%s\\n", hostile])
    }

    @Test("refused before any process: option-like, blank, control or non-address characters, no ssh settings, local",
          arguments: [
              (HostConfig(name: "-oProxyCommand=touch X", ssh: SSHConfig()), "starts with '-'"),
              (HostConfig(name: "web-1", address: "-oProxyCommand=touch X", ssh: SSHConfig()), "starts with '-'"),
              (HostConfig(name: "web-1", address: "host;id", ssh: SSHConfig()), "';'"),
              (HostConfig(name: "web 1", ssh: SSHConfig()), "whitespace"),
              (HostConfig(name: "web-1", address: "web-1\n-oProxyCommand=x", ssh: SSHConfig()), "control character"),
              (HostConfig(name: "web-1", ssh: SSHConfig(user: "-oProxyCommand=x")), "user"),
              (HostConfig(name: "web-1", ssh: SSHConfig(user: "ops\tx")), "whitespace"),
              (HostConfig(name: "web-1", ssh: SSHConfig(knownHostsFile: "/tmp/a b")), "known_hosts_file"),
              (HostConfig(name: "web-1", ssh: SSHConfig(port: 0)), "port 0"),
              (HostConfig(name: "web-1"), "no ssh settings"),
              (HostConfig(name: "local"), "not over ssh"),
          ])
    func refusals(host: HostConfig, expected: String) {
        #expect {
            _ = try SSHInvocation.argv(host: host, remote: ["uptime"])
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test("display quoting leaves plain words bare and quotes the rest")
    func display() {
        #expect(ShellQuote.display(["ps", "-eo", "pid,args", "--sort=-%cpu"]) == "ps -eo pid,args --sort=-%cpu")
        #expect(ShellQuote.display(["journalctl", "--since", "2026-11-27 11:30:00 UTC"]) == "journalctl --since '2026-11-27 11:30:00 UTC'")
    }

    /// Asks /bin/sh to split `line` into words (printing each NUL-terminated) without running it.
    private func posixShellWords(_ line: String) async -> [String] {
        let script = "set -- \(line); for w in \"$@\"; do printf '%s\\0' \"$w\"; done"
        let outcome = await LocalProcessRunner().run(ProcessInvocation(argv: ["sh", "-c", script], timeout: 10, maxBytes: 65536))
        return outcome.stdout.split(separator: "\0", omittingEmptySubsequences: false).dropLast().map(String.init)
    }
}
