import AftermathCore
import ArgumentParser
import Foundation
import Settings
#if canImport(Glibc)
import Glibc
#endif

/// `aftermath init [DIR] [--sources alertmanager,grafana]`: writes a commented `aftermath.yaml`
/// showing every key with its default, a fresh random token (mode 0600) for each named source,
/// and prints what to configure on the sending side. Never overwrites a file.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented aftermath.yaml and token files for the senders you name.",
        discussion: "Writes DIR/aftermath.yaml (every key, defaults shown as comments; archive and site beside it) and, for each "
            + "source in --sources, DIR/secrets/<source>.token holding a fresh random token (mode 0600; Statuspage gets a path "
            + "token, PagerDuty a file for the signing secret it shows you). Prints the Alertmanager receiver, the Grafana contact "
            + "point and the Prometheus scrape job with the paths filled in. Refuses to overwrite any existing file.")

    @Argument(help: "Folder for aftermath.yaml, the secrets, the archive and the site (created if missing).")
    var directory = "."

    @Option(name: .long, help: "Comma-separated sources to create credentials for: \(WebhookSource.allCases.map(\.rawValue).joined(separator: ", ")).")
    var sources = ""

    @Option(name: .long, help: "server.listen. Beyond loopback, sources you did not name are disabled and an API token is written.")
    var listen = "127.0.0.1:9099"

    @Flag(name: .long, help: "Also write secrets/api.token: /api and /metrics then require it.")
    var apiToken = false

    @Option(name: .long, help: "The archive folder to configure (default DIR/archive).")
    var archive: String?

    @Option(name: .long, help: "The site folder to configure (default DIR/site).")
    var site: String?

    func validate() throws {
        _ = try Self.parseSources(sources)
        do {
            _ = try ServerConfig.parseListen(listen, key: "--listen")
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        }
    }

    static func parseSources(_ text: String) throws -> [WebhookSource] {
        try text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map { name in
            guard let source = WebhookSource(rawValue: name) else {
                throw ValidationError("--sources: '\(name)' is not a source (\(WebhookSource.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return source
        }
    }

    func run() throws {
        let fm = FileManager.default
        let folder = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: fm.currentDirectoryPath)).standardizedFileURL.path
        let secrets = (folder as NSString).appendingPathComponent("secrets")
        let (host, _) = try ServerConfig.parseListen(listen, key: "--listen")
        let beyondLoopback = !ServerConfig(host: host).isLoopback

        var template = ConfigTemplate(directory: folder)
        let absolute = { (path: String) in URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: fm.currentDirectoryPath)).standardizedFileURL.path }
        template.archive = archive.map(absolute)
        template.site = site.map(absolute)
        template.listen = listen
        template.disableUnnamedSources = beyondLoopback
        for source in try Self.parseSources(sources) {
            template.credentials[source] = .forSource(source, secrets: secrets)
        }
        if apiToken || beyondLoopback { template.apiTokenFile = (secrets as NSString).appendingPathComponent("api.token") }

        let configPath = (folder as NSString).appendingPathComponent("aftermath.yaml")
        let tokenFiles = template.credentials.values.filter(\.generated).map(\.path) + [template.apiTokenFile].compactMap { $0 }
        let existing = ([configPath] + tokenFiles).filter { fm.fileExists(atPath: $0) }
        guard existing.isEmpty else {
            throw CLIError("not overwriting \(existing.joined(separator: ", ")): move it away or choose another folder")
        }
        do {
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            if !tokenFiles.isEmpty || template.credentials.values.contains(where: { !$0.generated }) {
                try fm.createDirectory(atPath: secrets, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            for file in tokenFiles.sorted() { try Self.createExclusively(file, contents: Self.randomToken() + "\n", mode: 0o600) }
            try Self.createExclusively(configPath, contents: template.render(), mode: 0o640)
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("cannot write into \(folder): \(error.localizedDescription)")
        }
        print(InitSnippets(template: template, configPath: configPath).text)
    }

    /// 32 random bytes as base64url without padding (43 characters).
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Creates `path` with `mode`, failing if it exists (O_EXCL: no race, never an overwrite).
    static func createExclusively(_ path: String, contents: String, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw CLIError("cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(contents.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw CLIError("cannot write \(path): \(String(cString: strerror(errno)))") }
            written += n
        }
        guard fchmod(fd, mode) == 0 else { throw CLIError("cannot set the mode of \(path): \(String(cString: strerror(errno)))") }
    }
}
