/// What every incident captures when the configuration has no `collectors:` key, so a fresh
/// install snapshots evidence without any YAML. `collectors: []` turns them off.
extension CollectorConfig {
    /// The embedded defaults, all matching every incident and running on this machine:
    /// - `host-diagnostics`: `commands: default` on `local` (uptime and load, memory, disks, top
    ///   processes, sockets, kernel messages, failed units, network interfaces);
    /// - `journal`: the local systemd journal over the window (recorded as failed, with journalctl's
    ///   reason, where there is none or it may not be read);
    /// - `alert-expression`: each alert's own expression from Prometheus, only when `prometheus.url` is set.
    public static func embeddedDefaults(prometheusURL: String?) -> [CollectorConfig] {
        var diagnostics = CollectorConfig(name: "host-diagnostics", kind: .command)
        diagnostics.host = "local"
        diagnostics.commands = .builtIn
        var journal = CollectorConfig(name: "journal", kind: .journald)
        journal.host = "local"
        var defaults = [diagnostics, journal]
        if prometheusURL != nil {
            var expression = CollectorConfig(name: "alert-expression", kind: .prometheus)
            expression.alertExpression = true
            defaults.append(expression)
        }
        return defaults
    }
}
