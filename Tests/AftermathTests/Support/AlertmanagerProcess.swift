import AsyncHTTPClient
import Foundation
import NIOCore

/// A real Prometheus Alertmanager (Debian package) on a free loopback port, run standalone.
final class AlertmanagerProcess: @unchecked Sendable {
    let process: ManagedProcess
    let port: Int
    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts Alertmanager with `config` (YAML) and waits until `/-/ready` answers.
    /// `port`: a port picked in advance (when Prometheus must know it first); default a free one.
    init(name: String, config: String, directory: TemporaryDirectory, externalURL: String, client: HTTPClient, port: Int? = nil) async throws {
        guard let binary = Programs.find("prometheus-alertmanager", "alertmanager") else {
            throw Wait.TimedOut(what: "Alertmanager binary (apt-get install prometheus-alertmanager)")
        }
        let configPath = try directory.write("\(name)/alertmanager.yml", config)
        self.port = try port ?? FreePort.pick()
        process = try ManagedProcess(
            name: name, executable: binary,
            arguments: [
                "--config.file=\(configPath)",
                "--storage.path=\(directory.file("\(name)/data"))",
                "--web.listen-address=127.0.0.1:\(self.port)",
                "--web.external-url=\(externalURL)",
                // Standalone: no HA gossip (0.25 otherwise binds 0.0.0.0:9094 and waits to settle).
                "--cluster.listen-address=",
                "--log.level=debug",
            ],
            logPath: directory.file("\(name).log"))
        let proc = process, ready = "http://127.0.0.1:\(self.port)/-/ready"
        try await Wait.until("\(name) ready at \(ready)", timeout: 30) {
            guard proc.isRunning else { throw Wait.TimedOut(what: "\(name) exited: \(proc.output().suffix(2000))") }
            return await client.getText(ready) != nil ? true : nil
        }
    }

    /// Posts alerts through the v2 API, as Prometheus does.
    func post(alerts: [[String: Any]], client: HTTPClient) async throws {
        let body = try JSONSerialization.data(withJSONObject: alerts)
        let status = await client.postStatus("\(url)/api/v2/alerts", body: Array(body))
        guard status == 200 else { throw Wait.TimedOut(what: "Alertmanager to accept alerts (HTTP \(status))") }
    }

    /// How many notifications Alertmanager has logged as delivered ("Notify success" is
    /// written only after the receiver answered 2xx; its counters move before the answer).
    var successfulNotifications: Int {
        process.output().components(separatedBy: "msg=\"Notify success\"").count - 1
    }

    /// The value of counter `name` with the given label filter in `/metrics` (0 if absent).
    func metric(_ name: String, containing filter: String = "", client: HTTPClient) async -> Double {
        guard let text = await client.getText("\(url)/metrics") else { return 0 }
        return text.split(separator: "\n")
            .filter { $0.hasPrefix(name) && $0.contains(filter) }
            .compactMap { Double($0.split(separator: " ").last ?? "") }
            .reduce(0, +)
    }
}
