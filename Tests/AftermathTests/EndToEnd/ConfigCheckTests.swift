import AsyncHTTPClient
import Foundation
import Testing

extension EndToEnd {
    /// `aftermath config check [--probe]` against a real Prometheus and a real sshd, and against
    /// what is wrong: a Prometheus URL nothing answers on, an unreachable SSH host, a glob that
    /// matches nothing, a secret file that does not exist.
    @Suite("config check --probe")
    struct ConfigCheckTests {
        @Test("Reachable Prometheus, SSH host and globs pass; each unreachable one is named by its key and the exit status is 1")
        func probe() async throws {
            let dir = try TemporaryDirectory("config-check")
            let client = HTTPClient.shared
            let stack = try await PrometheusStack.start(client: client, directory: dir)
            defer { stack.stop() }
            let ssh = try await SSHServer.start()
            defer { ssh.stop() }
            try dir.write("logs/app.log", "2026-12-04T10:00:00Z ok\n")
            let deadPort = try FreePort.pick()
            func yaml(prometheus: String, sshPort: Int, glob: String, token: String) -> String {
                """
                archive: \(dir.file("archive"))
                sources: { alertmanager: { bearer_token_file: \(token) } }
                prometheus: { url: "\(prometheus)", timeout: 5s }
                hosts:
                  - name: web-1
                    address: 127.0.0.1
                    ssh: { user: \(ssh.user), port: \(sshPort), identity_file: \(ssh.identityFile), known_hosts_file: \(ssh.knownHostsFile), connect_timeout: 3s }
                collectors:
                  - { name: app-log, kind: file, match: {}, host: local, paths: ["\(glob)"] }
                  - { name: remote, kind: command, match: {}, host: web-1, commands: default }

                """
            }
            let token = try dir.write("secrets/am.token", "t0ken\n")
            let good = try dir.write("good.yaml", yaml(prometheus: stack.url, sshPort: ssh.port, glob: dir.file("logs/*.log"), token: token))
            let ok = try await runProgram(Programs.aftermath, ["config", "check", "--probe", "--config", good])
            #expect(ok.status == 0, "\(ok.stderr)")
            #expect(ok.stdout.contains("ok    prometheus.url: \(stack.url)"), "\(ok.stdout)")
            #expect(ok.stdout.contains("ok    hosts[0] (web-1): ssh \(ssh.user)@127.0.0.1:\(ssh.port)"), "\(ok.stdout)")
            #expect(ok.stdout.contains("ok    collectors[0] (app-log).paths: \(dir.file("logs/*.log")) on local (1 file(s))"), "\(ok.stdout)")
            #expect(ok.stdout.contains("alertmanager  POST /hooks/alertmanager"))
            #expect(!ok.stdout.contains("t0ken"), "secrets are never printed")
            #expect(ok.stdout.contains("configuration ok"))

            let bad = try dir.write("bad.yaml", yaml(
                prometheus: "http://127.0.0.1:\(deadPort)", sshPort: deadPort, glob: dir.file("logs/*.missing"), token: dir.file("secrets/nope")))
            let failed = try await runProgram(Programs.aftermath, ["config", "check", "--probe", "--config", bad])
            #expect(failed.status == 1)
            let problems = failed.stderr.split(separator: "\n").map(String.init)
            #expect(problems.contains { $0.hasPrefix("problem: prometheus.url: http://127.0.0.1:\(deadPort): ") && $0.contains("connection refused") }, "\(failed.stderr)")
            #expect(problems.contains { $0.hasPrefix("problem: hosts[0] (web-1): ssh \(ssh.user)@127.0.0.1:\(deadPort): ") && $0.contains("exit status 255") }, "\(failed.stderr)")
            #expect(problems.contains { $0.hasPrefix("problem: collectors[0] (app-log).paths: ") && $0.hasSuffix("no file matches") }, "\(failed.stderr)")
            #expect(problems.contains { $0.hasPrefix("problem: sources.alertmanager.bearer_token_file: cannot read \(dir.file("secrets/nope"))") }, "\(failed.stderr)")

            let typo = try dir.write("typo.yaml", "server: { listne: 127.0.0.1:9099 }\n")
            let rejected = try await runProgram(Programs.aftermath, ["config", "check", "--config", typo])
            #expect(rejected.status == 1)
            #expect(rejected.stderr.contains("'server.listne'"), "\(rejected.stderr)")
        }
    }
}
