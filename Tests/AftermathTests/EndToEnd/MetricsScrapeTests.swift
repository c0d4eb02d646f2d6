import AsyncHTTPClient
import Foundation
import Testing

extension EndToEnd {
    /// The real Debian Prometheus scrapes `aftermath serve`'s `/metrics` with the API token, as a
    /// team's Prometheus would, and can answer queries about deliveries, capture and the site.
    @Suite("Prometheus scrapes /metrics")
    struct MetricsScrapeTests {
        @Test("Prometheus scrapes /metrics with the API token: deliveries, commit latency, collector runs, jobs, site builds, archive size")
        func scrape() async throws {
            let dir = try TemporaryDirectory("metrics-scrape")
            let client = HTTPClient.shared
            let apiToken = try dir.write("secrets/api.token", "metrics-\(UUID().uuidString)\n")
            let config = try dir.write("aftermath.yaml", """
                archive: \(dir.file("archive"))
                site: \(dir.file("site"))
                api: { bearer_token_file: \(apiToken) }
                collectors:
                  - { name: uname, kind: command, match: {}, host: local, commands: [{ name: uname, argv: [uname, "-a"] }] }

                """)
            let port = try FreePort.pick()
            let serve = try ManagedProcess(
                name: "aftermath", executable: Programs.aftermath,
                arguments: ["serve", "--config", config, "--listen", "127.0.0.1:\(port)", "--log-level", "warning"], logPath: dir.file("serve.log"))
            defer { serve.stop() }
            let base = "http://127.0.0.1:\(port)"
            try await Wait.until("serve on \(base)", timeout: 60) {
                guard serve.isRunning else { throw Wait.TimedOut(what: "serve exited: \(serve.output())") }
                return await client.getText(base + "/healthz") != nil ? true : nil
            }
            #expect(await client.getText(base + "/metrics") == nil, "no token, no metrics")
            #expect(await client.postStatus(base + "/hooks/alertmanager", body: try Fixtures.webhook("alertmanager-firing.json")) == 202)

            let stack = try await PrometheusStack.start(client: client, scrapeJobs: """
                  - job_name: aftermath
                    authorization: { credentials_file: \(apiToken) }
                    static_configs:
                      - targets: ['127.0.0.1:\(port)']

                """, directory: dir)
            defer { stack.stop() }
            func value(_ query: String) async -> Double? {
                guard let result = await stack.instantQuery(query, client: client)?.first,
                      let pair = result["value"] as? [Any], let text = pair.last as? String else { return nil }
                return Double(text)
            }
            try await Wait.until("Prometheus to scrape aftermath successfully", timeout: 60) {
                await value("up{job=\"aftermath\"}") == 1 ? true : nil
            }
            try await Wait.until("the capture and a site build to show in Prometheus", timeout: 60) { () -> Bool? in
                let runs = await value("sum(aftermath_collector_runs_total{job=\"aftermath\",kind=\"command\",outcome=\"ok\"})")
                let builds = await value("sum(aftermath_site_builds_total{job=\"aftermath\",outcome=\"ok\"})") ?? 0
                return runs == 1 && builds >= 1 ? true : nil
            }
            #expect(await value("aftermath_webhook_deliveries_total{job=\"aftermath\",source=\"alertmanager\",outcome=\"accepted\"}") == 1)
            #expect(await value("aftermath_intake_commit_duration_seconds_count{job=\"aftermath\"}") == 1)
            #expect(await value("aftermath_collector_run_duration_seconds_count{job=\"aftermath\",kind=\"command\"}") == 1)
            #expect(await value("aftermath_capture_jobs{job=\"aftermath\",state=\"done\"}") == 1)
            #expect((await value("aftermath_site_pages_written_total{job=\"aftermath\"}") ?? 0) > 10)
            #expect((await value("aftermath_site_build_duration_seconds_count{job=\"aftermath\"}") ?? 0) >= 1)
            #expect((await value("aftermath_archive_size_bytes{job=\"aftermath\"}") ?? 0) > 0)
            // The sample alert started days ago, so its deadline postmortem is written at once: none stays due.
            try await Wait.until("the postmortem to be written and nothing left due", timeout: 60) { () -> Bool? in
                let due = await value("aftermath_postmortems_due{job=\"aftermath\"}")
                let overdue = await value("aftermath_postmortems_overdue{job=\"aftermath\"}")
                return due == 0 && overdue == 0 ? true : nil
            }
        }
    }
}
