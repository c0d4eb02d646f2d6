import Foundation

/// `commands: default`: the essentials sosreport collects first, each a fixed argv.
///
/// Kernel messages come from `journalctl -k` over the window (readable without root by members of
/// `systemd-journal` or `adm`), falling back to `dmesg --ctime` (the whole ring buffer; needs
/// `kernel.dmesg_restrict=0` or root). `systemctl --failed` on a box without systemd is an
/// ordinary failed item.
public enum BuiltInDiagnostics {
    /// Lines kept of each process list (the header and the top 50).
    public static let processLines = 51

    /// The built-in plans, in the order they are reported.
    public static func plans(window: DateInterval, timeout: TimeInterval, maxBytes: Int) -> [CommandPlan] {
        let since = WindowPlaceholders.journalTime(window.start)
        let until = WindowPlaceholders.journalTime(window.end.addingTimeInterval(1))
        let columns = "pid,ppid,user,%cpu,%mem,rss,etime,args"
        func plan(_ name: String, _ alternatives: [String]..., keepLines: Int? = nil) -> CommandPlan {
            CommandPlan(name: name, alternatives: alternatives, timeout: timeout, maxBytes: maxBytes, keepLines: keepLines)
        }
        return [
            plan("uptime", ["uptime"]),
            plan("memory", ["free", "-m"]),
            plan("disks", ["df", "-hP"]),
            plan("processes-by-cpu", ["ps", "-eo", columns, "--sort=-%cpu"], keepLines: processLines),
            plan("processes-by-memory", ["ps", "-eo", columns, "--sort=-%mem"], keepLines: processLines),
            plan("sockets", ["ss", "-s"]),
            plan("kernel-messages",
                 ["journalctl", "-k", "--no-pager", "--utc", "-o", "short-iso-precise", "--since", since, "--until", until],
                 ["dmesg", "--ctime"]),
            plan("failed-units", ["systemctl", "--failed", "--no-pager"]),
            plan("interfaces", ["ip", "-brief", "address"]),
        ]
    }
}
