import Foundation

/// The environment diagnostics run in: minimal and predictable, so that neither aftermath's own
/// secrets (`*_env` settings) nor the operator's shell settings leak into child processes.
public enum ProcessEnvironment {
    /// Where `argv[0]` is looked up when it has no `/`.
    public static let searchPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// Variables copied from aftermath's own environment when set: identity, time zone and the
    /// ssh agent (for hosts without `identity_file`).
    static let passedThrough = ["HOME", "USER", "LOGNAME", "TZ", "SSH_AUTH_SOCK"]

    /// `PATH`, a C UTF-8 locale (stable, parseable output), and the pass-through variables.
    public static func base(inheriting parent: [String: String] = ProcessInfo.processInfo.environment) -> [String: String] {
        var env = ["PATH": searchPath, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]
        for key in passedThrough {
            if let value = parent[key] { env[key] = value }
        }
        return env
    }

    /// The absolute path `name` runs as: itself when it contains `/`, else the first executable
    /// file of that name in `searchPath`; nil when there is none.
    public static func resolve(_ name: String, searchPath: String = searchPath) -> String? {
        if name.contains("/") {
            return FileManager.default.isExecutableFile(atPath: name) ? name : nil
        }
        for directory in searchPath.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
