import Capture
import Foundation
import Settings
import Testing

extension EndToEnd {
    @Suite("File collector on this machine: globs, gzip, window filtering by each line's own time, caps")
    struct FileCollectorTests {
        let collector = FileCollector(runner: LocalProcessRunner())

        func files(_ paths: [String]) -> CollectorConfig {
            var config = CollectorConfig(name: "api-logs", kind: .file)
            config.paths = paths
            return config
        }

        @Test("rotated, gzipped and mixed-format logs give exactly the lines inside the window, with continuations")
        func windowFilter() async throws {
            let fixture = try await LogFixture(zone: .current)
            let items = await collector.collect(HostKindFixtures.context(files([fixture.glob]), host: HostConfig(name: "local")))
            #expect(items.map(\.name) == fixture.expected.keys.sorted())
            for item in items {
                #expect(item.status == .ok, "\(item.name): \(item.error ?? "")")
                #expect(item.kind == .log && item.host == "local")
                #expect(item.lines.map(\.text) == fixture.expected[item.name], "\(item.name)")
                #expect(item.text == fixture.expected[item.name]?.joined(separator: "\n"))
                #expect(item.lines.allSatisfy { $0.source == item.name })
                for line in item.lines {
                    if let stamp = line.timestamp {
                        #expect(HostKindFixtures.window.contains(stamp))
                    } else {
                        #expect(line.text.hasPrefix(" ") || line.text.hasPrefix("\t"))
                    }
                }
            }
            let gz = try #require(items.first { $0.name.hasSuffix(".gz") })
            #expect(gz.request["reader"] == "gzip -dc")
        }

        @Test("max_lines and max_bytes stop a file early and say which cap")
        func caps() async throws {
            let fixture = try await LogFixture(zone: .current)
            let byLines = await collector.collect(HostKindFixtures.context(files([fixture.directory.file("app.log.2.gz")]),
                                                                          host: HostConfig(name: "local"), maxLines: 2))
            #expect(byLines.first?.status == .truncated)
            #expect(byLines.first?.error == "max_lines reached: kept the first 2 lines in the window")
            #expect(byLines.first?.lines.map(\.text) == ["2026-11-27T11:31:00.250Z ERROR A request failed", "\tat com.example.A(A.java:1)"])

            let byBytes = await collector.collect(HostKindFixtures.context(files([fixture.directory.file("app.log")]),
                                                                          host: HostConfig(name: "local"), maxBytes: 100))
            let item = try #require(byBytes.first)
            #expect(item.status == .truncated)
            #expect(item.error == "max_bytes reached: kept the first 100 bytes of lines in the window")
            #expect(item.text.utf8.count <= 100 && item.lines.count == 1)
        }

        @Test("a glob matching nothing and an unreadable file are failed items with the exact reason")
        func failures() async throws {
            let directory = try TemporaryDirectory()
            let broken = directory.file("broken.log")
            try FileManager.default.createSymbolicLink(atPath: broken, withDestinationPath: directory.file("gone"))
            let none = directory.file("none-*.log")
            let items = await collector.collect(HostKindFixtures.context(files([none, directory.file("*.log")]), host: HostConfig(name: "local")))
            #expect(items.count == 2)
            #expect(items.first?.name == none)
            #expect(items.first?.status == .failed)
            #expect(items.first?.error == "no file matches \(none)")
            #expect(items.last?.name == broken)
            #expect(items.last?.status == .failed)
            #expect(items.last?.error == "reading \(broken): exit status 1: cat: \(broken): No such file or directory")
        }

        @Test("a huge log is streamed, not buffered: only the window is kept")
        func largeFile() async throws {
            let directory = try TemporaryDirectory()
            let path = directory.file("big.log")
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            let filler = String(repeating: "x", count: 200)
            // 40 MB before the window, then one line inside it.
            let block = (0..<1000).map { _ in "2026-11-27T10:00:00Z \(filler)" }.joined(separator: "\n") + "\n"
            for _ in 0..<200 { handle.write(Data(block.utf8)) }
            handle.write(Data("2026-11-27T11:40:00Z the one\n".utf8))
            try handle.close()
            let items = await collector.collect(HostKindFixtures.context(files([path]), host: HostConfig(name: "local"), maxBytes: 1 << 20))
            #expect(items.first?.status == .ok)
            #expect(items.first?.text == "2026-11-27T11:40:00Z the one")
        }
    }
}
