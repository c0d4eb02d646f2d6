import AftermathCore
import Foundation
import Postmortem
import Redaction
import Server
import Settings
import Site

/// What `config check` finds wrong without reaching anything over the network: secrets that do
/// not resolve, sources open beyond loopback, rules that do not compile, templates that do not
/// parse, SSH key files that cannot be read, an archive that cannot be written.
enum ConfigValidation {
    /// One problem, named by its configuration key.
    struct Problem: Equatable {
        var key: String
        var message: String
    }

    /// Every problem in `config`.
    static func problems(_ config: AftermathConfig, environment: [String: String]) -> [Problem] {
        var problems: [Problem] = []
        for reference in secretReferences(config) {
            do {
                _ = try reference.resolve(environment: environment)
            } catch let error as ConfigError {
                if case .unreadableSecret(let key, let reason) = error {
                    problems.append(Problem(key: key, message: reason))
                } else {
                    problems.append(Problem(key: reference.key, message: error.description))
                }
            } catch {
                problems.append(Problem(key: reference.key, message: "\(error)"))
            }
        }
        let open = AftermathServer.unauthenticatedSources(config)
        if !config.server.isLoopback, !open.isEmpty {
            problems.append(Problem(
                key: "server.listen", message: "\(config.server.host):\(config.server.port) is beyond loopback but source(s) "
                    + "\(open.map(\.rawValue).joined(separator: ", ")) have no credentials (serve refuses to start)"))
        }
        do {
            _ = try Redactor(config: config.redaction)
        } catch {
            problems.append(Problem(key: "redaction.rules", message: "\(error)"))
        }
        if let templates = config.templatesDirectory, !FileManager.default.fileExists(atPath: templates) {
            problems.append(Problem(key: "templates", message: "\(templates) does not exist"))
        } else if let site = SiteOptions(config: config).templatesDirectory {
            do {
                _ = try SiteTemplates.load(overrides: site)
            } catch {
                problems.append(Problem(key: "templates", message: error.description))
            }
        }
        do {
            _ = try PostmortemTemplate.load(config)
        } catch {
            problems.append(Problem(key: config.postmortem.template == nil ? "templates" : "postmortem.template", message: error.description))
        }
        for (index, host) in config.hosts.enumerated() {
            for (name, file) in [("identity_file", host.ssh?.identityFile), ("known_hosts_file", host.ssh?.knownHostsFile)] {
                if let file, !FileManager.default.isReadableFile(atPath: file) {
                    problems.append(Problem(key: "hosts[\(index)].ssh.\(name)", message: "cannot read \(file)"))
                }
            }
        }
        if let problem = writable(config.archiveDirectory) { problems.append(Problem(key: "archive", message: problem)) }
        for (index, target) in config.notify.enumerated() {
            guard case .secret(let reference) = target.destination,
                  let url = try? reference.resolve(environment: environment) else { continue }  // unreadable: reported above
            if let problem = NotifyTarget.problem(withURL: url) {
                // Never the value: the URL of a chat webhook is a secret.
                problems.append(Problem(key: reference.key, message: "notify target '\(target.name)': the URL read from it \(problem)"))
            }
        }
        for (index, collector) in config.collectors.enumerated() {
            if collector.kind == .prometheus, config.prometheus.url == nil {
                problems.append(Problem(key: "collectors[\(index)] (\(collector.name))", message: "a prometheus collector, but prometheus.url is not set (it would record `skipped`)"))
            }
            if collector.kind == .loki, config.loki.url == nil {
                problems.append(Problem(key: "collectors[\(index)] (\(collector.name))", message: "a loki collector, but loki.url is not set (it would record `skipped`)"))
            }
        }
        return problems
    }

    /// Every secret the configuration refers to.
    static func secretReferences(_ config: AftermathConfig) -> [SecretReference] {
        var references: [SecretReference] = []
        for source in WebhookSource.allCases where config.source(source).enabled {
            let s = config.source(source)
            references += [s.bearerToken, s.basicAuth?.password, s.hmac?.secret, s.signingSecret, s.pathToken].compactMap { $0 }
        }
        references += [config.prometheus.bearerToken, config.loki.bearerToken, config.api.bearerToken].compactMap { $0 }
        for target in config.notify {
            if case .secret(let reference) = target.destination { references.append(reference) }
            if let token = target.bearerToken { references.append(token) }
        }
        return references
    }

    /// Why `directory` (or the nearest existing folder above it) cannot be written, or nil.
    static func writable(_ directory: String) -> String? {
        var path = (directory as NSString).standardizingPath
        let fm = FileManager.default
        while !fm.fileExists(atPath: path) {
            let parent = (path as NSString).deletingLastPathComponent
            if parent == path || parent.isEmpty { break }
            path = parent
        }
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return "\(path) is not a folder"
        }
        return fm.isWritableFile(atPath: path) ? nil : "\(path) is not writable by this user"
    }
}
