@testable import Capture
import Foundation
import Settings
import Testing

extension EndToEnd {
    @Suite("Local processes: timeouts kill the whole group, output is capped, failures are precise")
    struct LocalProcessRunnerTests {
        let runner = LocalProcessRunner()

        @Test("a runaway tree is torn down at its timeout and leaves no process in its group")
        func runawayTree() async throws {
            let started = Date()
            let outcome = await runner.run(ProcessInvocation(argv: ["sh", "-c", "echo $$; sleep 600 & sleep 600"], timeout: 2, maxBytes: 4096))
            let elapsed = Date().timeIntervalSince(started)
            #expect(outcome.timedOut)
            #expect(outcome.exitCode == nil)
            // At its timeout, not before; and long before the 600 s the tree would have taken.
            #expect(elapsed >= 2 && elapsed < 300, "took \(elapsed)s")
            let group = try #require(Int32(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            // SIGKILL is delivered, and its victims are gone, a moment after the run returns.
            _ = try await Wait.until("every member of group \(group) to be gone", timeout: 60) {
                HostKindFixtures.members(ofGroup: group).isEmpty ? true : nil
            }
        }

        @Test("members that ignore SIGTERM still end: the teardown always ends in SIGKILL to the group")
        func ignoresTerm() async throws {
            let script = "echo $$; (trap '' TERM; sleep 600) & trap '' TERM; sleep 600"
            let started = Date()
            let outcome = await runner.run(ProcessInvocation(argv: ["sh", "-c", script], timeout: 1, maxBytes: 4096))
            #expect(outcome.timedOut)
            #expect(Date().timeIntervalSince(started) < 300, "not waiting out the 600 s sleeps")
            let group = try #require(Int32(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            // SIGKILL is delivered, and its victims are gone, a moment after the run returns.
            _ = try await Wait.until("every member of group \(group) to be gone", timeout: 60) {
                HostKindFixtures.members(ofGroup: group).isEmpty ? true : nil
            }
        }

        @Test("background children left behind by a finished command are ended with it")
        func stragglers() async throws {
            let started = Date()
            let outcome = await runner.run(ProcessInvocation(argv: ["sh", "-c", "echo $$; sleep 600 &"], timeout: 30, maxBytes: 4096))
            #expect(outcome.exitCode == 0 && !outcome.timedOut)
            #expect(Date().timeIntervalSince(started) < 300, "not waiting for the 600 s straggler")
            let group = try #require(Int32(outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
            // SIGKILL is delivered, and its victims are gone, a moment after the run returns.
            _ = try await Wait.until("every member of group \(group) to be gone", timeout: 60) {
                HostKindFixtures.members(ofGroup: group).isEmpty ? true : nil
            }
        }

        @Test("an output flood keeps the first max_bytes and is marked truncated")
        func flood() async {
            let outcome = await runner.run(ProcessInvocation(argv: ["yes"], timeout: 30, maxBytes: 64 << 10))
            #expect(outcome.truncated)
            #expect(!outcome.timedOut)
            #expect(outcome.stdout.utf8.count == 64 << 10)
            #expect(outcome.stdout.hasPrefix("y\ny\n"))
        }

        @Test("stdout, stderr and the exit status come back; the environment is minimal")
        func exitAndEnvironment() async {
            let outcome = await runner.run(ProcessInvocation(argv: ["sh", "-c", "echo out; echo err >&2; exit 3"], timeout: 10, maxBytes: 4096))
            #expect(outcome.exitCode == 3)
            #expect(outcome.stdout == "out\n" && outcome.stderr == "err\n")
            #expect(outcome.failureDescription(timeout: 10) == "exit status 3: err")

            let env = await runner.run(ProcessInvocation(argv: ["env"], timeout: 10, maxBytes: 65536, environment: ["EXTRA": "1"]))
            let keys = Set(env.stdout.split(separator: "\n").compactMap { $0.split(separator: "=").first.map(String.init) })
            #expect(keys.isSubset(of: ["PATH", "LANG", "LC_ALL", "HOME", "USER", "LOGNAME", "TZ", "SSH_AUTH_SOCK", "EXTRA"]), "\(keys)")
            #expect(keys.contains("EXTRA"))
        }

        @Test("argv is exec'd, never given to a shell")
        func noShell() async throws {
            let directory = try TemporaryDirectory()
            let argument = "$(touch \(directory.file("X"))); `touch \(directory.file("Y"))`\n*"
            let outcome = await runner.run(ProcessInvocation(argv: ["printf", "%s", argument], timeout: 10, maxBytes: 4096))
            #expect(outcome.stdout == argument)
            #expect(!FileManager.default.fileExists(atPath: directory.file("X")))
            #expect(!FileManager.default.fileExists(atPath: directory.file("Y")))
        }

        @Test("a missing program is a launch error, not a crash")
        func missingProgram() async {
            let outcome = await runner.run(ProcessInvocation(argv: ["aftermath-no-such-program"], timeout: 5, maxBytes: 100))
            #expect(outcome.launchError?.contains("aftermath-no-such-program: executable not found") == true)
            #expect(outcome.exitCode == nil)
        }
    }
}
