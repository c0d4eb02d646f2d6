import ArgumentParser
import Capture
import Foundation
import Server
import Settings

/// `aftermath config check [--probe]`: validates the configuration, prints the effective one
/// (secrets masked) and each source's route and authentication; with `--probe` also reaches
/// Prometheus, Loki, every SSH host and every file glob. Exits 1 on any problem, each named by its key.
struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the configuration and print the effective one (secrets masked).",
        discussion: "Every problem is printed with the configuration key it concerns, and the exit status is 1 if there is any. "
            + "--probe also checks reachability: a trivial query to prometheus.url and loki.url, `ssh … true` to every host "
            + "(BatchMode, the configured key and known_hosts), and every file collector's globs on its host.")

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Also check that Prometheus, Loki, SSH hosts and file globs can be reached.")
    var probe = false

    @Flag(help: "Print only problems (and nothing when there are none).")
    var quiet = false

    func run() async throws {
        var config: AftermathConfig
        do {
            config = try AftermathConfig.load(path: global.config)
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("problem: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        if let archive = global.archive { config.archiveDirectory = archive }
        let environment = ProcessInfo.processInfo.environment
        var problems = ConfigValidation.problems(config, environment: environment)
        if !quiet {
            print("# effective configuration (\(global.config ?? "no file: the embedded defaults"))")
            print(EffectiveConfig.render(config))
            print("# sources")
            let rows = EffectiveConfig.sources(config)
            let width = rows.map(\.route.count).max() ?? 0
            for row in rows {
                print("\(row.source.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)) \(row.route.padding(toLength: width, withPad: " ", startingAt: 0))  \(row.authentication)")
            }
        }
        if probe {
            if !quiet { print("\n# probe") }
            let client = Pipeline.makeCollectorHTTPClient()
            let checks = await ConfigProbe(config: config, environment: environment, client: client, runner: LocalProcessRunner()).run()
            try? await client.shutdown()
            for check in checks {
                if let problem = check.problem {
                    problems.append(.init(key: check.key, message: "\(check.target): \(problem)"))
                } else if !quiet {
                    print("ok    \(check.key): \(check.target)")
                }
            }
            if checks.isEmpty, !quiet { print("nothing to probe (no prometheus.url, loki.url, ssh hosts or file collectors)") }
        }
        if problems.isEmpty {
            if !quiet { print("\nconfiguration ok") }
            return
        }
        for problem in problems {
            FileHandle.standardError.write(Data("problem: \(problem.key): \(TextTable.sanitize(problem.message))\n".utf8))
        }
        throw ExitCode(1)
    }
}
