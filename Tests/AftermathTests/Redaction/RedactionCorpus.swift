/// Generated text for the false-positive and property checks: identifiers, hashes, blobs,
/// metrics and log lines of the kind collectors capture, none of them a secret.
enum RedactionCorpus {
    /// One line of ordinary evidence from one of several families, chosen at random.
    static func ordinaryLine(_ random: inout RedactionRandom) -> String {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return random.hex(40)
        case 1: return "commit \(random.hex(40))\nAuthor: Dev <dev@example.com>"
        case 2: return uuid(&random)
        case 3: return "fingerprint=\(random.hex(16)) status=firing alertname=\(random.pick(alertNames))"
        case 4: return base64(&random, bytes: Int.random(in: 8...300, using: &random))
        case 5: return labelSet(&random)
        case 6, 7, 8: return logLine(&random)
        default: return commandOutput(&random)
        }
    }

    static func uuid(_ random: inout RedactionRandom) -> String {
        "\(random.hex(8))-\(random.hex(4))-4\(random.hex(3))-a\(random.hex(3))-\(random.hex(12))"
    }

    static func base64(_ random: inout RedactionRandom, bytes: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let length = (bytes + 2) / 3 * 4
        let padding = (3 - bytes % 3) % 3
        return String((0..<(length - padding)).map { _ in random.pick(alphabet) }) + String(repeating: "=", count: padding)
    }

    static func labelSet(_ random: inout RedactionRandom) -> String {
        let ip = "10.\(Int.random(in: 0...255, using: &random)).\(Int.random(in: 0...255, using: &random)).\(Int.random(in: 1...254, using: &random))"
        return random.pick([
            #"up{instance="\#(ip):9100", job="node"} 1"#,
            #"http_requests_total{code="\#(random.pick(["200", "404", "500"]))", handler="/api/v1/query", method="GET"} \#(Int.random(in: 0...99999, using: &random))"#,
            #"{alertname="\#(random.pick(alertNames))", severity="critical", namespace="prod", pod="api-\#(random.hex(10))-\#(random.hex(5))"}"#,
            #"node_filesystem_avail_bytes{device="/dev/nvme0n1p1", fstype="ext4", mountpoint="/"} 1.2e+10"#,
            #"vault_token_count{namespace="root", auth_method="kubernetes"} \#(Int.random(in: 0...500, using: &random))"#,
            #"kube_pod_info{pod="web-\#(random.hex(5))", node="ip-\#(ip.replacingOccurrences(of: ".", with: "-")).ec2.internal", host_ip="\#(ip)"} 1"#,
            #"probe_success{instance="https://status.example.com/healthz", job="blackbox"} 0"#,
            #"container_memory_working_set_bytes{container="api", namespace="prod", pod="api-\#(random.hex(5))"} 1.2e+08"#,
            #"ALERTS{alertname="\#(random.pick(alertNames))", alertstate="firing", severity="warning"} 1"#,
            #"kube_secret_info{namespace="prod", secret="default-token-\#(random.hex(5))"} 1"#,
            #"nginx_ingress_controller_requests{ingress="web", status="502", path="/api/v1/token"} \#(Int.random(in: 0...999, using: &random))"#,
            #"process_resident_memory_bytes{job="aftermath", instance="127.0.0.1:9099"} 5.4e+07"#,
        ])
    }

    static func logLine(_ random: inout RedactionRandom) -> String {
        let user = Int.random(in: 1...99999, using: &random)
        let ms = Int.random(in: 1...2000, using: &random)
        return random.pick([
            "GET /api/v1/query?query=up 200 \(ms)ms",
            "10.0.\(user % 255).7 - - [12/Mar/2025:10:00:00 +0000] \"GET /static/app.\(random.hex(8)).js HTTP/2\" 200 \(ms)",
            "token bucket refilled: capacity=100 available=\(user % 100)",
            "password reset email sent to user \(user)",
            "level=info ts=2025-03-12T10:00:00Z caller=main.go:\(ms) msg=\"token validated\" user=\(user)",
            "level=warn msg=\"refresh token expired for user \(user)\" trace_id=\(random.hex(32))",
            "level=error msg=\"upstream returned 503\" url=http://10.0.0.\(user % 255):8080/healthz duration=\(ms)ms",
            "Mar 12 10:00:00 web-1 sshd[\(user)]: Accepted publickey for deploy from 10.0.0.5 port 5\(ms % 1000) ssh2: ED25519 SHA256:\(base64(&random, bytes: 32).dropLast())",
            "Mar 12 10:00:01 web-1 kernel: [\(user).\(ms)] Out of memory: Killed process \(user) (java) total-vm:\(ms)kB",
            "rotated 3 secrets in namespace payments (no values logged)",
            "cookie consent banner shown to session \(uuid(&random))",
            "Authorization header missing on request \(uuid(&random))",
            "grpc: addrConn.createTransport failed to connect to {10.0.0.\(user % 255):9090 <nil> 0 <nil>}",
            "pg: checkpoint complete: wrote \(user) buffers (\(ms % 100).0%); 0 WAL file(s) added",
            "INFO  [org.apache.kafka] Committed offset \(user) for partition orders-\(ms % 12)",
            "WARN rate limit: api_key_hash=\(random.hex(8)) exceeded \(ms) req/min",
            "caching credential helper: cache hit for https://git.example.com",
            "download https://example.com/releases/v1.\(ms % 20).0/app-linux-amd64.tar.gz sha256=\(random.hex(64))",
            "level=warn msg=\"invalid token: expired\" user=\(user)",
            "oauth: issued token_type=Bearer expires_in=3600 scope=read client_id=\(random.hex(12))",
            "sshd[\(user)]: Failed password for invalid user admin from 203.0.113.9 port 22 ssh2",
            "FATAL:  password authentication failed for user \"app\"",
            "{\"level\":\"info\",\"msg\":\"user updated\",\"password_changed\":false,\"user_id\":\(user)}",
            "vault: renewed lease auth/token/create/\(random.hex(16)) (ttl=768h)",
            "Error from server (NotFound): secrets \"db-credentials\" not found",
        ])
    }

    static func commandOutput(_ random: inout RedactionRandom) -> String {
        random.pick([
            " 10:00:00 up 42 days,  3:12,  1 user,  load average: 0.\(Int.random(in: 10...99, using: &random)), 0.50, 0.40",
            "tcp   LISTEN 0  4096  0.0.0.0:\(Int.random(in: 1024...65535, using: &random))  0.0.0.0:*  users:((\"node_exporter\",pid=\(Int.random(in: 100...99999, using: &random)),fd=3))",
            "/dev/nvme0n1p1   \(Int.random(in: 10...999, using: &random))G  \(Int.random(in: 1...99, using: &random))G   12G  \(Int.random(in: 1...99, using: &random))% /",
            "root  \(Int.random(in: 1...9999, using: &random))  0.0  0.1 /usr/bin/containerd --config /etc/containerd/config.toml",
            "● secret-sync.service - Sync secrets from Vault\n   Active: failed (Result: exit-code)",
            "eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500  inet6 fe80::\(random.hex(4)):\(random.hex(4)):\(random.hex(4)):\(random.hex(4))",
        ])
    }

    /// Random short text with no secret: words, numbers, punctuation, non-ASCII, whitespace.
    static func safeText(_ random: inout RedactionRandom) -> String {
        let pieces = [
            "GET", "POST", "/api/v1", "=", ":", ": ", "\"", "'", "{", "}", "[", "]", "@", "//", "-", "--", "_", ".", ",", ";",
            "&", "?", "\n", "\t", " ", "  ", "user", "host", "key", "value", "pass", "auth", "sec", "tok",
            "ey", "AK", "gh", "xo", "sk", "Größe", "日本語", "🙂", "é", "\u{0}", "\r\n", "42", "0x1f", "null", "BEGIN", "-----",
        ]
        var text = ""
        for _ in 0..<Int.random(in: 0...40, using: &random) {
            switch Int.random(in: 0..<4, using: &random) {
            case 0: text += random.hex(Int.random(in: 1...16, using: &random))
            case 1: text += random.string(Int.random(in: 1...12, using: &random), from: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
            default: text += random.pick(pieces)
            }
        }
        return text
    }

    static let alertNames = ["HighErrorRate", "DiskWillFillIn4Hours", "TargetDown", "TokenExpirySoon", "KubePodCrashLooping", "SecretSyncFailed"]
}
