import Capture
import Foundation
import Settings
import Testing

@Suite("Host selection: fixed host or host_label, allow-listed exactly, refused before any process")
struct HostSelectionTests {
    let config: AftermathConfig = {
        var config = AftermathConfig()
        config.hosts = [
            HostConfig(name: "web-1", address: "10.0.0.5", aliases: ["web-1:9100"], ssh: SSHConfig()),
            HostConfig(name: "web-2", ssh: SSHConfig()),
        ]
        return config
    }()

    func collector(host: String? = nil, label: String? = nil) -> CollectorConfig {
        var collector = CollectorConfig(name: "diag", kind: .command)
        collector.host = host
        collector.hostLabel = label
        return collector
    }

    @Test("no host and no host_label means local")
    func defaultsToLocal() throws {
        let results = HostSelection.resolve(collector: collector(), labels: [:], alertLabels: [], config: config)
        #expect(results.count == 1)
        #expect(try results[0].get().name == "local")
    }

    @Test("host_label values from the incident and its alerts, by name or alias, deduplicated")
    func labelValues() throws {
        let results = HostSelection.resolve(
            collector: collector(label: "instance"), labels: ["instance": "web-1:9100"],
            alertLabels: [["instance": "web-1"], ["instance": "web-2"], ["instance": "web-2"], ["job": "x"]], config: config)
        #expect(try results.map { try $0.get().name } == ["web-1", "web-2"])
    }

    @Test("hostile and unlisted values are refused with a message naming the value",
          arguments: [
              ("-oProxyCommand=touch X", "\"-oProxyCommand=touch X\" (from label 'instance') refused: it starts with '-'"),
              ("host;id", "\"host;id\" (from label 'instance') refused: not in the hosts allow-list"),
              ("db-9", "\"db-9\" (from label 'instance') refused: not in the hosts allow-list"),
              ("web-1 ", "\"web-1 \" (from label 'instance') refused: not in the hosts allow-list"),
          ])
    func refused(value: String, message: String) {
        let results = HostSelection.resolve(collector: collector(label: "instance"), labels: ["instance": value],
                                            alertLabels: [], config: config)
        #expect(results.count == 1)
        guard case .failure(let error) = results.first else {
            Issue.record("expected a refusal, got \(results)")
            return
        }
        #expect(error.description == "host \(message)")
    }

    @Test("a fixed host outside the allow-list is refused too; a missing label is an error")
    func fixedAndMissing() {
        let fixed = HostSelection.resolve(collector: collector(host: "db-9"), labels: [:], alertLabels: [], config: config)
        #expect(fixed == [.failure(.notAllowListed(value: "db-9", source: "collector 'diag' host"))])
        let missing = HostSelection.resolve(collector: collector(label: "instance"), labels: ["job": "api"], alertLabels: [], config: config)
        #expect(missing == [.failure(.labelMissing(label: "instance"))])
    }

    @Test("a hostile host that reaches a collector anyway starts no process and creates nothing")
    func hostileHostStartsNothing() async throws {
        let directory = try TemporaryDirectory()
        let marker = directory.file("X")
        let spy = ProcessRunnerSpy()
        let hosts = [
            HostConfig(name: "-oProxyCommand=touch \(marker)", ssh: SSHConfig()),
            HostConfig(name: "web-1", address: "-oProxyCommand=touch \(marker)", ssh: SSHConfig()),
            HostConfig(name: "web-1", address: "host;id", ssh: SSHConfig()),
            HostConfig(name: "web-3"),
        ]
        for host in hosts {
            let items = await CommandCollector(runner: spy).collect(HostKindFixtures.context(CollectorConfig(name: "diag", kind: .command), host: host))
            #expect(items.count == 9)
            #expect(items.allSatisfy { $0.status == .failed && ($0.error ?? "").contains("host '") })
            var file = CollectorConfig(name: "logs", kind: .file)
            file.paths = ["/var/log/*.log"]
            let fileItems = await FileCollector(runner: spy).collect(HostKindFixtures.context(file, host: host))
            #expect(fileItems.allSatisfy { $0.status == .failed })
            let journal = await JournaldCollector(runner: spy).collect(HostKindFixtures.context(CollectorConfig(name: "j", kind: .journald), host: host))
            #expect(journal.allSatisfy { $0.status == .failed })
        }
        #expect(spy.invocations.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }
}
