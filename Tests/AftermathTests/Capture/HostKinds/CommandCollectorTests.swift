import Capture
import Foundation
import Settings
import Testing

extension EndToEnd {
    @Suite("Command collector on this machine: built-ins and templates as evidence items")
    struct CommandCollectorTests {
        let collector = CommandCollector(runner: LocalProcessRunner())

        func templates(_ templates: [CommandTemplate]) -> CollectorConfig {
            var config = CollectorConfig(name: "diag", kind: .command)
            config.commands = .templates(templates)
            return config
        }

        @Test("the built-in set runs each fixed argv and reports every item, failures included")
        func builtIns() async throws {
            let items = await collector.collect(HostKindFixtures.context(CollectorConfig(name: "diag", kind: .command), host: HostConfig(name: "local")))
            #expect(items.map(\.name) == ["uptime", "memory", "disks", "processes-by-cpu", "processes-by-memory", "sockets",
                                          "kernel-messages", "failed-units", "interfaces"])
            let byName = Dictionary(uniqueKeysWithValues: items.map { ($0.name, $0) })
            let uptime = try #require(byName["uptime"])
            #expect(uptime.status == .ok && uptime.text.contains("load average"))
            #expect(uptime.request == ["argv": "uptime", "host": "local"])
            #expect(uptime.kind == .command && uptime.host == "local" && uptime.exitCode == 0)
            #expect(byName["disks"]?.text.contains("Filesystem") == true)
            let ps = try #require(byName["processes-by-cpu"])
            #expect(ps.request["argv"] == "ps -eo pid,ppid,user,%cpu,%mem,rss,etime,args --sort=-%cpu")
            #expect(ps.text.split(separator: "\n").count <= BuiltInDiagnostics.processLines)
            // Without systemd as PID 1 (this container) systemctl fails: an ordinary failed item.
            if let units = byName["failed-units"], units.status != .ok {
                #expect(units.status == .failed)
                #expect(units.error?.hasPrefix("exit status ") == true)
            }
            let kernel = try #require(byName["kernel-messages"])
            #expect([.ok, .failed].contains(kernel.status))
        }

        @Test("a non-zero exit is a failed item with the status and the first stderr line; stderr follows a marker")
        func nonZero() async throws {
            let items = await collector.collect(HostKindFixtures.context(
                templates([CommandTemplate(name: "broken", argv: ["sh", "-c", "echo partial; echo 'disk on fire' >&2; exit 4"])]),
                host: HostConfig(name: "local")))
            let item = try #require(items.first)
            #expect(item.status == .failed)
            #expect(item.error == "exit status 4: disk on fire")
            #expect(item.exitCode == 4)
            #expect(item.text == "partial\n--- stderr ---\ndisk on fire\n")
        }

        @Test("per-template timeout and max_bytes override the context's")
        func perTemplateLimits() async throws {
            let started = Date()
            let items = await collector.collect(HostKindFixtures.context(
                templates([
                    CommandTemplate(name: "flood", argv: ["yes"], maxBytes: 64 << 10),
                    CommandTemplate(name: "stuck", argv: ["sh", "-c", "sleep 600 & sleep 600"], timeout: 1),
                ]),
                host: HostConfig(name: "local"), timeout: 60, maxBytes: 4 << 20))
            #expect(Date().timeIntervalSince(started) < 300, "the 1 s template timeout, not the context's 60 s or the 600 s sleep")
            let flood = try #require(items.first)
            #expect(flood.status == .truncated)
            #expect(flood.text.utf8.count <= 64 << 10)
            #expect(flood.error == "output over max_bytes (65536 bytes): kept the first 65536 bytes")
            let stuck = try #require(items.last)
            #expect(stuck.status == .timeout)
            #expect(stuck.error == "timed out after 1s")
        }

        @Test("window placeholders are filled in; any other placeholder refuses that command")
        func placeholders() async throws {
            let items = await collector.collect(HostKindFixtures.context(
                templates([
                    CommandTemplate(name: "window", argv: ["echo", "{{window.start}}", "{{window.end}}"]),
                    CommandTemplate(name: "label", argv: ["echo", "{{labels.instance}}"]),
                ]),
                host: HostConfig(name: "local")))
            #expect(items.first?.text == "2026-11-27T11:30:00Z 2026-11-27T11:50:00Z\n")
            #expect(items.last?.status == .failed)
            #expect(items.last?.error == "command 'label': unknown placeholder {{labels.instance}}: command templates take only {{window.start}} and {{window.end}}")
        }

        @Test("no host is a failed item, nothing runs")
        func noHost() async {
            let spy = ProcessRunnerSpy()
            let items = await CommandCollector(runner: spy).collect(HostKindFixtures.context(CollectorConfig(name: "diag", kind: .command), host: nil))
            #expect(items.count == 1 && items[0].status == .failed && items[0].error?.hasPrefix("no host") == true)
            #expect(spy.invocations.isEmpty)
        }
    }
}
