import AftermathCore
import AsyncHTTPClient
import Foundation
import NIOHTTP1
import Settings

/// `aftermath config check --probe`: can what the configuration points at be reached, the way
/// capture reaches it? Prometheus and Loki get a trivial query, every SSH host a `true` over the
/// same ssh command line capture uses (BatchMode, the configured key and known_hosts), every file
/// collector's globs are expanded on their host. Each check names the configuration key it tests.
public struct ConfigProbe: Sendable {
    /// One check: the key it tests, what it reached, and the problem (nil when it worked).
    public struct Check: Sendable, Equatable {
        public var key: String
        public var target: String
        public var problem: String?
    }

    let config: AftermathConfig
    let environment: [String: String]
    let client: HTTPClient
    let runner: any ProcessRunner
    let clock: any WallClock

    /// A probe over `config`, reaching out through `client` and `runner`.
    public init(
        config: AftermathConfig, environment: [String: String], client: HTTPClient, runner: any ProcessRunner,
        clock: any WallClock = SystemClock()
    ) {
        self.config = config
        self.environment = environment
        self.client = client
        self.runner = runner
        self.clock = clock
    }

    /// Every check, in configuration order.
    public func run() async -> [Check] {
        var checks: [Check] = []
        if let url = config.prometheus.url {
            checks.append(await query(
                key: "prometheus.url", url: url, path: "/api/v1/query", parameters: [("query", "1")], api: "Prometheus",
                timeout: config.prometheus.timeout, bearer: config.prometheus.bearerToken, headers: []))
        }
        if let url = config.loki.url {
            checks.append(await query(
                key: "loki.url", url: url, path: "/loki/api/v1/labels", parameters: [], api: "Loki",
                timeout: config.loki.timeout, bearer: config.loki.bearerToken, headers: config.loki.orgID.map { [("X-Scope-OrgID", $0)] } ?? []))
        }
        for (index, host) in config.hosts.enumerated() where !host.isLocal {
            checks.append(await ssh(host, key: "hosts[\(index)] (\(host.name))"))
        }
        for (index, collector) in config.collectors.enumerated() where collector.kind == .file {
            checks += await globs(collector, key: "collectors[\(index)] (\(collector.name)).paths")
        }
        return checks
    }

    /// A GET of a trivial API call, which must answer `"status": "success"`.
    func query(
        key: String, url: String, path: String, parameters: [(String, String)], api: String, timeout: TimeInterval,
        bearer: SecretReference?, headers extra: [(String, String)]
    ) async -> Check {
        let endpoint: EndpointURL
        do {
            endpoint = try EndpointURL(url, what: key)
        } catch {
            return Check(key: key, target: EndpointURL.withoutUserinfo(url), problem: error.description)
        }
        var headers = HTTPHeaders([("Accept", "application/json")] + extra)
        if let bearer {
            do {
                headers.add(name: "Authorization", value: "Bearer \(try bearer.resolve(environment: environment))")
            } catch {
                return Check(key: key, target: endpoint.url, problem: "\(error)")
            }
        } else if let credentials = endpoint.credentials {
            headers.add(name: "Authorization", value: credentials.authorization)
        }
        let address = endpoint.apiURL(path: path, query: parameters)
        let deadline = FetchDeadline(
            date: clock.now().addingTimeInterval(timeout),
            explanation: "no answer within \(Int(timeout))s (\(key.replacingOccurrences(of: ".url", with: ".timeout")))", clock: clock)
        switch await BodyFetcher(client: client).get(address, headers: headers, deadline: deadline, maxBytes: 1 << 20) {
        case .failure(let failure):
            return Check(key: key, target: endpoint.base, problem: failure.reason)
        case .success(let response):
            guard (200..<300).contains(response.status.code) else {
                return Check(key: key, target: endpoint.base, problem: APIErrorText.explain(response))
            }
            struct Envelope: Decodable { var status: String; var error: String? }
            guard let answer = try? JSONDecoder().decode(Envelope.self, from: Data(response.body)) else {
                return Check(key: key, target: endpoint.base, problem: "\(response.statusLine) but not a \(api) API answer: \(APIErrorText.snippet(response.body))")
            }
            return Check(key: key, target: endpoint.base, problem: answer.status == "success" ? nil : "\(api) answered \(answer.status): \(answer.error ?? "")")
        }
    }

    /// `true` on the host through ssh, as capture would run a command there.
    func ssh(_ host: HostConfig, key: String) async -> Check {
        let target = "ssh \(host.ssh?.user.map { "\($0)@" } ?? "")\(host.address ?? host.name):\(host.ssh?.port ?? 22)"
        let timeout = (host.ssh?.connectTimeout ?? 5) + 10
        let outcome = await HostRunner(host: host, runner: runner).run(["true"], timeout: timeout, maxBytes: 64 << 10)
        return Check(key: key, target: target, problem: outcome.failureDescription(timeout: timeout))
    }

    /// Each glob of a file collector must match at least one file on the collector's host (hosts
    /// taken from an incident label are only known then, and are not checked).
    func globs(_ collector: CollectorConfig, key: String) async -> [Check] {
        guard collector.hostLabel == nil else {
            return [Check(key: key, target: "host from label '\(collector.hostLabel ?? "")'", problem: nil)]
        }
        let name = collector.host ?? "local"
        guard let host = config.host(named: name) else {
            return [Check(key: key, target: name, problem: "host '\(name)' is not in hosts")]
        }
        var checks: [Check] = []
        for pattern in collector.paths {
            let expansion = host.isLocal
                ? FileCollector.expandLocally(pattern)
                : await FileCollector.expandRemotely(pattern, on: HostRunner(host: host, runner: runner), timeout: (host.ssh?.connectTimeout ?? 5) + 10)
            switch expansion {
            case .failure(let error):
                checks.append(Check(key: key, target: "\(pattern) on \(host.name)", problem: error.message))
            case .success(let paths) where paths.isEmpty:
                checks.append(Check(key: key, target: "\(pattern) on \(host.name)", problem: "no file matches"))
            case .success(let paths):
                let unreadable = host.isLocal ? paths.filter { !FileManager.default.isReadableFile(atPath: $0) } : []
                checks.append(Check(
                    key: key, target: "\(pattern) on \(host.name) (\(paths.count) file(s))",
                    problem: unreadable.isEmpty ? nil : "cannot read \(unreadable.prefix(3).joined(separator: ", "))"))
            }
        }
        return checks
    }
}
