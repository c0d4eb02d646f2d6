import AftermathCore
import Foundation
import Settings

/// Builds the OpenSSH client argv that runs a fixed command on an allow-listed host.
///
/// Always `-T` (no tty), `BatchMode=yes` (never prompts), `StrictHostKeyChecking=yes` (unknown or
/// changed host keys fail, known_hosts is never written), keep-alives, and `--` before the
/// destination. ssh joins the remote arguments with spaces for the remote shell, so each one is
/// single-quoted here: the remote side receives exactly the argv it was given.
public enum SSHInvocation {
    /// `ssh … -- <address> '<remote[0]>' '<remote[1]>' …`, or the reason it is refused.
    public static func argv(host: HostConfig, remote: [String]) throws(SSHInvocationError) -> [String] {
        if host.isLocal { throw .localHost }
        try checkName(host.name, field: "name", host: host.name)
        guard let ssh = host.ssh else { throw .missingSSHSettings(host: host.name) }
        let address = host.address ?? host.name
        try checkAddress(address, host: host.name)
        guard (1...65535).contains(ssh.port) else { throw .invalidPort(host: host.name, port: ssh.port) }
        guard !remote.isEmpty else { throw .emptyCommand(host: host.name) }

        var argv = [
            "ssh", "-T",
            "-o", "BatchMode=yes",
            "-o", "ConnectTimeout=\(max(1, Int(saturating: ssh.connectTimeout.rounded(.up))))",
            "-o", "ServerAliveInterval=5",
            "-o", "ServerAliveCountMax=2",
            "-o", "StrictHostKeyChecking=yes",
        ]
        if let knownHosts = ssh.knownHostsFile {
            try checkPath(knownHosts, field: "known_hosts_file", host: host.name)
            argv += ["-o", "UserKnownHostsFile=\(knownHosts)", "-o", "GlobalKnownHostsFile=/dev/null"]
        }
        if let identity = ssh.identityFile {
            try checkPath(identity, field: "identity_file", host: host.name)
            argv += ["-i", identity, "-o", "IdentitiesOnly=yes"]
        }
        argv += ["-p", String(ssh.port)]
        if let user = ssh.user {
            try checkName(user, field: "user", host: host.name)
            argv += ["-l", user]
        }
        argv += ["--", address, ShellQuote.commandLine(remote)]
        return argv
    }

    /// Names and users: not empty, no leading `-`, no whitespace or control characters.
    static func checkName(_ value: String, field: String, host: String) throws(SSHInvocationError) {
        if value.isEmpty { throw .unsafeValue(host: host, field: field, value: value, reason: "it is empty") }
        if value.hasPrefix("-") {
            throw .unsafeValue(host: host, field: field, value: value, reason: "it starts with '-' and would be read as an ssh option")
        }
        if let bad = value.unicodeScalars.first(where: isSpaceOrControl) {
            throw .unsafeValue(host: host, field: field, value: value, reason: "it contains \(describe(bad))")
        }
    }

    /// Addresses: a name's rules, and only host-name / IP characters (`[v6]`, `%zone` included).
    static func checkAddress(_ value: String, host: String) throws(SSHInvocationError) {
        try checkName(value, field: "address", host: host)
        if let bad = value.unicodeScalars.first(where: { !isAddressCharacter($0) }) {
            throw .unsafeValue(host: host, field: "address", value: value, reason: "it contains \(describe(bad)), which no host name or IP address has")
        }
    }

    /// File paths given to `-o`/`-i`: ssh splits option values on whitespace and reads quotes.
    static func checkPath(_ value: String, field: String, host: String) throws(SSHInvocationError) {
        if value.isEmpty { throw .unsafeValue(host: host, field: field, value: value, reason: "it is empty") }
        if value.hasPrefix("-") {
            throw .unsafeValue(host: host, field: field, value: value, reason: "it starts with '-' and would be read as an ssh option")
        }
        if let bad = value.unicodeScalars.first(where: { isSpaceOrControl($0) || $0 == "\"" || $0 == "'" }) {
            throw .unsafeValue(host: host, field: field, value: value, reason: "it contains \(describe(bad)), which ssh would split or unquote")
        }
    }

    static func isSpaceOrControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
            || scalar.properties.generalCategory == .format || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    static func isAddressCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", ".", "-", "_", ":", "[", "]", "%": true
        default: false
        }
    }

    static func describe(_ scalar: Unicode.Scalar) -> String {
        let code = "U+" + String(format: "%04X", scalar.value)
        if isSpaceOrControl(scalar) { return "whitespace or a control character (\(code))" }
        return "'\(Character(scalar))' (\(code))"
    }
}
