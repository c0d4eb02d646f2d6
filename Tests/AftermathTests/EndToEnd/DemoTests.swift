import AsyncHTTPClient
import Foundation
import Testing

extension EndToEnd {
    /// `make demo`'s script, run end to end with the test build: it must end with a site holding an
    /// incident, its evidence, a chart and a postmortem, and leave nothing running.
    @Suite("make demo")
    struct DemoTests {
        @Test("dist/demo.sh: real Prometheus, node-exporter and Alertmanager; incident, evidence, chart, postmortem; everything stopped")
        func demo() async throws {
            let dir = try TemporaryDirectory("demo")
            var environment = ProcessInfo.processInfo.environment
            environment["AFTERMATH_BIN"] = Programs.aftermath
            environment["QUIET"] = "3"
            environment["INCIDENT"] = "5"
            let result = try await runProgram(
                "/bin/bash", [(SiteFixture.repositoryRoot as NSString).appendingPathComponent("dist/demo.sh"), dir.file("run")],
                directory: SiteFixture.repositoryRoot, environment: environment)
            let text = result.stdout + result.stderr
            #expect(result.status == 0, "\(text)")

            let site = dir.file("run/aftermath/site")
            #expect(text.contains("Site:       file://\(site)/index.html"), "\(text)")
            let id = try #require(text.split(separator: "\n").first { $0.hasPrefix("Incident:") }
                .flatMap { $0.split(separator: "/").last?.replacingOccurrences(of: ".html", with: "") })
            let page = try String(contentsOfFile: "\(site)/incident/\(id).html", encoding: .utf8)
            #expect(page.contains("<svg class=\"chart-svg\""), "a chart of the alert's own expression")
            #expect(page.contains("<table>"), "the postmortem's tables")
            #expect(page.contains("CheckoutErrorRatioHigh"))
            #expect(page.contains("class=\"ev-ok\""), "evidence items that were captured")
            let postmortems = try FileManager.default.contentsOfDirectory(atPath: dir.file("run/aftermath/archive/postmortems"))
            #expect(postmortems.contains { $0.hasSuffix(".md") })

            // Everything it started is stopped: none of its ports answers any more.
            let running = try #require(text.split(separator: "\n").first { $0.contains("running: node-exporter") })
            let ports = running.split(separator: ":").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
            #expect(ports.count == 4, "\(running)")
            for port in ports {
                #expect(await HTTPClient.shared.getText("http://127.0.0.1:\(port)/", timeout: 2) == nil, "port \(port) still answers")
            }
        }
    }
}
