import AftermathCore
import Archive
import Foundation
import Settings

/// `kind: file`: the lines of log files that fall inside the window, one item per file.
///
/// Reads `paths` (globs; rotated `.1` and gzipped `.gz` files match the globs written for them),
/// with `max_lines`, `max_bytes` and `timeout` already resolved into the context. Files are read
/// with fixed argv through the runner, on `context.host` (locally, or over ssh): `cat -- <path>`,
/// or `gzip -dc -- <path>` for `.gz` (the same program on every host, streamed, so a large or
/// hostile archive costs no more memory than the caps). Lines are filtered here, by their own
/// timestamps (`LogTimestamp`). Globs come from the config, never from a webhook.
public struct FileCollector: EvidenceCollector {
    /// What starts the processes.
    public let runner: any ProcessRunner

    /// A collector reading files through `runner`.
    public init(runner: any ProcessRunner) {
        self.runner = runner
    }

    /// One item per matching file (name = path); one failed item per glob that matches nothing.
    public func collect(_ context: CaptureContext) async -> [CollectedItem] {
        let clock = context.clock
        let started = clock.now()
        guard let host = context.host else {
            return [Self.failed(name: context.collector.name, host: nil, request: [:],
                                error: "no host: file collectors need an allow-listed host", startedAt: started, clock: clock)]
        }
        guard !context.collector.paths.isEmpty else {
            return [Self.failed(name: context.collector.name, host: host.name, request: ["host": host.name],
                                error: "no paths configured (collectors[].paths)", startedAt: started, clock: clock)]
        }
        let hostRunner = HostRunner(host: host, runner: runner)
        let deadline = started.addingTimeInterval(context.timeout)
        var items: [CollectedItem] = []
        var seen: Set<String> = []
        for pattern in context.collector.paths {
            let globStarted = clock.now()
            let request = ["glob": pattern, "host": host.name]
            let expansion = host.isLocal
                ? Self.expandLocally(pattern)
                : await Self.expandRemotely(pattern, on: hostRunner, timeout: max(1, deadline.timeIntervalSince(clock.now())))
            switch expansion {
            case .failure(let error):
                items.append(Self.failed(name: pattern, host: host.name, request: request, error: error.message, startedAt: globStarted, clock: clock))
            case .success(let paths) where paths.isEmpty:
                items.append(Self.failed(name: pattern, host: host.name, request: request,
                                         error: "no file matches \(pattern)", startedAt: globStarted, clock: clock))
            case .success(let paths):
                for path in paths where seen.insert(path).inserted {
                    items.append(await read(path, glob: pattern, on: hostRunner, context: context, deadline: deadline))
                }
            }
        }
        return items
    }

    static func failed(name: String, host: String?, request: [String: String], error: String, startedAt: Date, clock: any WallClock) -> CollectedItem {
        CollectedItem(header: EvidenceHeader(kind: .log, name: name, host: host, request: request, status: .failed, error: error),
                      startedAt: startedAt, finishedAt: clock.now())
    }
}
