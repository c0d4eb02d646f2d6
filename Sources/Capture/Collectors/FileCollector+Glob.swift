import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension FileCollector {
    /// The paths `pattern` matches on this machine, sorted (glob(3)).
    static func expandLocally(_ pattern: String) -> Result<[String], GlobError> {
        var matches = glob_t()
        defer { globfree(&matches) }
        let rc = glob(pattern, 0, nil, &matches)
        switch rc {
        case 0:
            var paths: [String] = []
            for index in 0..<Int(matches.gl_pathc) {
                if let entry = matches.gl_pathv[index] { paths.append(String(cString: entry)) }
            }
            return .success(paths)
        case GLOB_NOMATCH:
            return .success([])
        case GLOB_NOSPACE:
            return .failure(GlobError(message: "glob \(pattern): out of memory"))
        default:
            return .failure(GlobError(message: "glob \(pattern): read error (\(rc))"))
        }
    }

    /// Splits an absolute glob into a wildcard-free directory and a last-component pattern, the
    /// only shape expanded on remote hosts (by a fixed `find`, not by the remote shell).
    static func remoteParts(_ pattern: String) -> Result<(directory: String, name: String), GlobError> {
        guard pattern.hasPrefix("/") else {
            return .failure(GlobError(message: "remote glob \(pattern) must be an absolute path"))
        }
        guard let slash = pattern.lastIndex(of: "/") else {
            return .failure(GlobError(message: "remote glob \(pattern) must be an absolute path"))
        }
        let directory = slash == pattern.startIndex ? "/" : String(pattern[..<slash])
        let name = String(pattern[pattern.index(after: slash)...])
        if directory.contains(where: { "*?[".contains($0) }) {
            return .failure(GlobError(message: "remote glob \(pattern): wildcards are only supported in the file name, not in \(directory)"))
        }
        if name.isEmpty {
            return .failure(GlobError(message: "remote glob \(pattern) names a directory, not files"))
        }
        return .success((directory, name))
    }

    /// The paths `pattern` matches on a remote host, sorted: a fixed, quoted
    /// `find -H <dir> -mindepth 1 -maxdepth 1 -name <pattern> -print0`. Unlike glob(3), `*`
    /// also matches names starting with a dot.
    static func expandRemotely(_ pattern: String, on host: HostRunner, timeout: TimeInterval) async -> Result<[String], GlobError> {
        let parts: (directory: String, name: String)
        switch remoteParts(pattern) {
        case .success(let value): parts = value
        case .failure(let error): return .failure(error)
        }
        let argv = ["find", "-H", parts.directory, "-mindepth", "1", "-maxdepth", "1", "-name", parts.name, "-print0"]
        let outcome = await host.run(argv, timeout: timeout, maxBytes: 1 << 20)
        if let failure = outcome.failureDescription(timeout: timeout) {
            return .failure(GlobError(message: "listing \(pattern) on \(host.host.name): \(failure)"))
        }
        if outcome.truncated {
            return .failure(GlobError(message: "listing \(pattern) on \(host.host.name): over 1 MiB of file names"))
        }
        return .success(outcome.stdout.split(separator: "\0").map(String.init).sorted())
    }
}
