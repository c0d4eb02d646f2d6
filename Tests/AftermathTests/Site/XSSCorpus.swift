import Archive
import Capture
import Foundation

/// Attack strings placed wherever payload data reaches the site: alert annotations and labels,
/// titles, services, log lines, command output, HTTP bodies and postmortem text. Each would mark
/// the page (`xss-ran`) if it ever ran.
enum XSSCorpus {
    static let marker = "xss-ran"
    static let script = "<script>document.title='XSS';document.body.id='xss-ran'</script>"
    static let payloads = [
        script,
        "<img src=x onerror=\"document.body.id='xss-ran'\">",
        "\"><svg onload=\"document.body.id='xss-ran'\">",
        "'><img src=x onerror=alert(1)>",
        "javascript:document.body.id='xss-ran'",
        "</textarea></title></pre></code><script>document.body.id='xss-ran'</script>",
        "```\n</code></pre><script>document.body.id='xss-ran'</script>\n```",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "![x](https://attacker.invalid/p.png?leak)",
        "<style>body{background:url(https://attacker.invalid/bg.png)}</style>",
        "\u{2028}';alert(1);//",
    ]
    static let joined = payloads.joined(separator: " | ")

    /// Inserts the hostile incident (id `xss00001`) with evidence and a postmortem; returns it.
    @discardableResult
    static func populate(_ fixture: SiteFixture) async throws -> SiteFixture.Incident {
        var incident = fixture.incident(1)
        incident.id = "xss00001"
        incident.title = "</title>" + script + " title \"quoted\" 'single'"
        incident.services = ["<script>alert(1)</script>", "checkout\" onmouseover=\"alert(1)"]
        incident.labels = ["alertname": "XSS", "<b onclick=alert(1)>k</b>": joined, "service": "javascript:alert(1)"]
        incident.annotations = [
            "summary": joined, "description": payloads[1], "runbook_url": "javascript:document.body.id='xss-ran'",
            "dashboard": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "ok_link": "https://runbooks.example.com/ok",
        ]
        incident.link = "javascript:alert(1)"
        incident.generatorURL = "javascript:alert(document.domain)"
        incident.alertName = "<img src=x onerror=alert(1)>"
        incident.timeline = [("note", joined), ("annotation", "see ev-1 \(payloads[2])")]
        try await fixture.insert([incident])
        let series = MetricSeries(
            labels: ["__name__": "http_requests_total", "path": payloads[2], "<x onload=y>": payloads[0]],
            points: (0..<10).map { MetricPoint(t: incident.start.timeIntervalSince1970 + Double($0) * 60, v: Double($0)) },
            query: payloads[0], step: 60, sourceURL: "javascript:alert(1)")
        try await fixture.addEvidence(incident: incident, items: [
            fixture.metrics([series], name: payloads[1]),
            fixture.log(payloads.flatMap { $0.split(separator: "\n").map(String.init) } + ["deadlock detected in xss corpus"], path: payloads[2]),
            fixture.output(joined, name: payloads[3]),
            fixture.output("<html><body onload=\"document.body.id='xss-ran'\">" + joined, name: "https://ci.example.com/x", kind: .http,
                           status: .failed, error: payloads[1]),
        ])
        let body = """
            # Postmortem \(payloads[0])

            \(payloads.joined(separator: "\n\n"))

            [click me](javascript:document.body.id='xss-ran') [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
            [vb](vbscript:msgbox(1)) [spaced]( javascript:alert(1)) [tabbed](java\tscript:alert(1)) <javascript:alert(1)>
            [ev-1](aftermath:evidence/ev-1) [traversal](aftermath:evidence/../../etc/passwd)
            ![beacon](https://attacker.invalid/beacon.png) ![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)

            <details open ontoggle="document.body.id='xss-ran'">x</details>

            ````
            ```
            </code></pre><script>document.body.id='xss-ran'</script>
            ````
            """
        try fixture.writePostmortem(incident, body: body, title: "Postmortem: " + payloads[0])
        return incident
    }
}
