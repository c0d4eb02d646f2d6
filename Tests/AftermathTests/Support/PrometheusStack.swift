import AsyncHTTPClient
import Foundation

/// A real Prometheus scraping a real node-exporter (Debian packages `prometheus`,
/// `prometheus-node-exporter`) every second on free loopback ports, as `dist/demo.sh` starts
/// them. `stop()` ends exactly the two processes it started.
final class PrometheusStack: @unchecked Sendable {
    let directory: TemporaryDirectory
    let prometheus: ManagedProcess
    let nodeExporter: ManagedProcess
    let port: Int
    let nodeExporterPort: Int

    /// Prometheus's base URL, e.g. `http://127.0.0.1:40123`.
    var url: String { "http://127.0.0.1:\(port)" }
    /// node-exporter's scrape target (the `instance` label of job `node`).
    var nodeExporterTarget: String { "127.0.0.1:\(nodeExporterPort)" }

    private init(directory: TemporaryDirectory, prometheus: ManagedProcess, nodeExporter: ManagedProcess, port: Int, nodeExporterPort: Int) {
        self.directory = directory
        self.prometheus = prometheus
        self.nodeExporter = nodeExporter
        self.port = port
        self.nodeExporterPort = nodeExporterPort
    }

    /// Starts node-exporter and Prometheus (jobs `prometheus` and `node`, 1s scrapes; `rules` is
    /// an optional rule file's YAML, `alertmanagers` optional `host:port` targets, `scrapeJobs` more
    /// `scrape_configs` entries in YAML), then waits for `/-/ready` and for the first successful
    /// scrape of both jobs. Stops what it started on failure.
    static func start(
        client: HTTPClient, rules: String? = nil, alertmanagers: [String] = [], scrapeJobs: String = "",
        directory: TemporaryDirectory? = nil
    ) async throws -> PrometheusStack {
        guard let prometheusBinary = Programs.find("prometheus") else {
            throw Wait.TimedOut(what: "Prometheus binary (apt-get install prometheus)")
        }
        guard let exporterBinary = Programs.find("prometheus-node-exporter", "node_exporter") else {
            throw Wait.TimedOut(what: "node-exporter binary (apt-get install prometheus-node-exporter)")
        }
        let directory = try directory ?? TemporaryDirectory("prometheus-stack")
        let exporterPort = try FreePort.pick()
        let exporter = try ManagedProcess(
            name: "node-exporter", executable: exporterBinary,
            arguments: ["--web.listen-address=127.0.0.1:\(exporterPort)", "--no-collector.systemd", "--log.level=warn"],
            logPath: directory.file("node-exporter.log"))
        do {
            try await waitUntilServing(exporter, "http://127.0.0.1:\(exporterPort)/metrics", client: client)
            let port = try FreePort.pick()
            let config = try directory.write(
                "prometheus.yml",
                configuration(
                    port: port, exporterPort: exporterPort, rules: rules == nil ? nil : "rules.yml", alertmanagers: alertmanagers,
                    scrapeJobs: scrapeJobs))
            if let rules { try directory.write("rules.yml", rules) }
            let prometheus = try ManagedProcess(
                name: "prometheus", executable: prometheusBinary,
                arguments: [
                    "--config.file=\(config)",
                    "--storage.tsdb.path=\(directory.file("prometheus-data"))",
                    "--storage.tsdb.retention.time=2h",
                    "--web.listen-address=127.0.0.1:\(port)",
                    "--web.external-url=http://127.0.0.1:\(port)/",
                    "--log.level=warn",
                ],
                logPath: directory.file("prometheus.log"))
            let stack = PrometheusStack(
                directory: directory, prometheus: prometheus, nodeExporter: exporter, port: port, nodeExporterPort: exporterPort)
            do {
                try await waitUntilServing(prometheus, "\(stack.url)/-/ready", client: client)
                try await stack.waitForFirstScrape(client: client)
            } catch {
                stack.stop()
                throw error
            }
            return stack
        } catch {
            exporter.stop()
            throw error
        }
    }

    /// Stops Prometheus, then node-exporter (SIGTERM, then SIGKILL): exactly the processes started here.
    func stop() {
        prometheus.stop()
        nodeExporter.stop()
    }

    /// The `data.result` of an instant query, or nil when Prometheus did not answer with success.
    func instantQuery(_ query: String, client: HTTPClient) async -> [[String: Any]]? {
        var components = URLComponents(string: "\(url)/api/v1/query")
        components?.percentEncodedQueryItems = [
            URLQueryItem(name: "query", value: query.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        ]
        guard let address = components?.string, let text = await client.getText(address),
            let json = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            json["status"] as? String == "success", let data = json["data"] as? [String: Any]
        else { return nil }
        return data["result"] as? [[String: Any]]
    }

    /// Waits until both jobs have been scraped successfully at least once (`up == 1`).
    func waitForFirstScrape(client: HTTPClient, timeout: TimeInterval = 30) async throws {
        let prometheus = self.prometheus
        try await Wait.until("first scrape of both targets by \(url)", timeout: timeout, interval: 0.2) {
            guard prometheus.isRunning else { throw Wait.TimedOut(what: "prometheus exited: \(prometheus.output().suffix(2000))") }
            let up = await self.instantQuery("up == 1", client: client) ?? []
            return up.count >= 2 ? true : nil
        }
    }

    private static func waitUntilServing(_ process: ManagedProcess, _ address: String, client: HTTPClient) async throws {
        try await Wait.until("\(process.name) at \(address)", timeout: 30) {
            guard process.isRunning else { throw Wait.TimedOut(what: "\(process.name) exited: \(process.output().suffix(2000))") }
            return await client.getText(address, timeout: 2) != nil ? true : nil
        }
    }

    private static func configuration(port: Int, exporterPort: Int, rules: String?, alertmanagers: [String], scrapeJobs: String) -> String {
        var yaml = """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: prometheus
                static_configs:
                  - targets: ['127.0.0.1:\(port)']
              - job_name: node
                static_configs:
                  - targets: ['127.0.0.1:\(exporterPort)']

            """
        yaml += scrapeJobs
        if let rules { yaml += "rule_files:\n  - \(rules)\n" }
        if !alertmanagers.isEmpty {
            yaml += "alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [\(alertmanagers.map { "'\($0)'" }.joined(separator: ", "))]\n"
        }
        return yaml
    }
}
