import Foundation
import Testing
@testable import Site

extension EndToEnd {
    /// The built site as a person sees it: `aftermath site build`, then headless Chromium opening
    /// the pages from file:// (no server), with screenshots in test-output/site/.
    @Suite("Site in headless Chromium")
    struct SiteChromiumTests {
        /// Headless Chromium, one run per page, each with its own profile and a hard timeout.
        struct Browser {
            let executable: String
            let profile: String
            let log: String

            /// Runs Chromium to completion (at most `timeout` seconds: `timeout(1)` ends it, and only it).
            func run(_ arguments: [String], timeout: Int = 90) throws -> (status: Int32, stdout: String) {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: Programs.find("timeout") ?? "/usr/bin/timeout")
                process.arguments = ["-k", "5", String(timeout), executable, "--headless", "--no-sandbox", "--disable-gpu",
                                     "--no-first-run", "--disable-extensions", "--disable-sync", "--user-data-dir=\(profile)",
                                     "--hide-scrollbars"] + arguments
                let out = Pipe()
                FileManager.default.createFile(atPath: log, contents: nil)
                let err = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
                err.seekToEndOfFile()
                process.standardOutput = out
                process.standardError = err
                process.standardInput = FileHandle.nullDevice
                try process.run()
                let data = out.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                try? err.close()
                return (process.terminationStatus, String(decoding: data, as: UTF8.self))
            }

            /// The DOM after scripts ran (virtual time lets the search script finish).
            func dom(_ url: String) throws -> String {
                let result = try run(["--virtual-time-budget=5000", "--dump-dom", url])
                #expect(result.status == 0, "chromium exited \(result.status) for \(url); log: \(log)")
                return result.stdout
            }

            /// A PNG of the page.
            func screenshot(_ url: String, to path: String, width: Int = 1280, height: Int = 1800, extra: [String] = []) throws {
                try? FileManager.default.removeItem(atPath: path)
                _ = try run(extra + ["--virtual-time-budget=3000", "--window-size=\(width),\(height)", "--screenshot=\(path)", url])
                #expect(FileManager.default.fileExists(atPath: path), "no screenshot \(path); log: \(log)")
            }
        }

        func occurrences(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

        @Test("Index, incident page with timeline and chart, search for a log line, and the XSS corpus running nothing")
        func browse() async throws {
            let chromium = try #require(Programs.find("chromium", "chromium-browser"), "chromium is not installed (Debian package chromium)")
            let fixture = try SiteFixture("site-chromium")
            try await fixture.populateSmall()
            try await XSSCorpus.populate(fixture)
            let build = try runAftermath(["site", "build", "--archive", fixture.archive, "--out", fixture.output,
                                          "--templates", (SiteFixture.templates as NSString).deletingLastPathComponent])
            #expect(build.status == 0, "\(build.stderr)")
            #expect(build.stdout.contains("page(s) written"), "\(build.stdout)")
            let browser = Browser(executable: chromium, profile: fixture.directory.file("chromium-profile"), log: fixture.directory.file("chromium.log"))
            let site = URL(fileURLWithPath: fixture.output).absoluteString
            let shots = (SiteFixture.repositoryRoot as NSString).appendingPathComponent("test-output/site")
            try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)

            let index = try browser.dom(site + "index.html")
            #expect(occurrences("class=\"incident-row", in: index) == 4)
            for title in ["HighErrorRate on checkout #1", "HighErrorRate on checkout #2", "HighErrorRate on checkout #3"] {
                #expect(index.contains(title), "index lists \(title)")
            }

            let incident = try browser.dom(site + "incident/inc00001.html")
            #expect(incident.contains("<ol class=\"timeline\">"))
            #expect(occurrences("class=\"event kind-", in: incident) >= 4)
            #expect(incident.contains("Rolled back the deploy"))
            #expect(incident.contains("<svg class=\"chart-svg\""))
            #expect(incident.contains("class=\"incident-window\""))

            let search = try browser.dom(site + "search.html?q=deadlock")
            #expect(search.contains("href=\"evidence/ev-2.html#L2\""), "search finds the log line")
            #expect(search.contains("<mark>deadlock</mark>"))
            #expect(search.contains("result(s) for"))
            let none = try browser.dom(site + "search.html?q=zzzznothing")
            #expect(none.contains("Nothing found"))

            // The XSS corpus: no payload ran (it would set the body id or the title), on every page it reaches.
            var hostile = ["incident/xss00001.html", "index.html", "services.html", "search.html?q=xss", "search.html?q=%3Cscript%3E"]
            hostile += fixture.builtFiles().filter { ($0.hasPrefix("evidence/") || $0.hasPrefix("service-")) && $0.hasSuffix(".html") }
            for page in hostile {
                let dom = try browser.dom(site + page)
                #expect(!dom.contains("id=\"\(XSSCorpus.marker)\""), "a payload ran on \(page)")
                #expect(!dom.contains("<title>XSS</title>"), "a payload ran on \(page)")
                #expect(dom.contains("</html>"), "\(page) rendered")
            }

            try browser.screenshot(site + "index.html", to: shots + "/index.png")
            try browser.screenshot(site + "incident/inc00001.html", to: shots + "/incident.png", height: 2600)
            try browser.screenshot(site + "evidence/ev-1.html", to: shots + "/evidence-chart.png")
            try browser.screenshot(site + "evidence/ev-2.html", to: shots + "/evidence-log.png", height: 1000)
            try browser.screenshot(site + "search.html?q=deadlock", to: shots + "/search.png", height: 1000)
            try browser.screenshot(site + "incident/xss00001.html", to: shots + "/xss-incident.png", height: 2600)
            try browser.screenshot(site + "index.html", to: shots + "/index-phone.png", width: 390, height: 1400)
            try browser.screenshot(site + "incident/inc00001.html", to: shots + "/incident-dark.png", height: 2000,
                                   extra: ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"])
        }

        @Test("The page CSP blocks an injected external image (a control page without it does load it)")
        func cspBlocksExternalImage() async throws {
            let chromium = try #require(Programs.find("chromium", "chromium-browser"), "chromium is not installed (Debian package chromium)")
            let python = try #require(Programs.find("python3"), "python3 is needed for the beacon server")
            let fixture = try SiteFixture("site-csp")
            try await fixture.populateSmall()
            _ = try await fixture.builder().build()
            let port = try FreePort.pick()
            let served = fixture.directory.file("beacon")
            try FileManager.default.createDirectory(atPath: served, withIntermediateDirectories: true)
            let server = try ManagedProcess(
                name: "beacon", executable: python, arguments: ["-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory", served, String(port)],
                logPath: fixture.directory.file("beacon.log"))
            defer { server.stop() }
            _ = try await Wait.until("the beacon server to listen", timeout: 20) { server.output().contains("Serving HTTP") ? true : nil }

            let page = fixture.page("incident/inc00001.html")
            let injected = "<img id=\"probe\" src=\"http://127.0.0.1:\(port)/beacon-csp.png\" alt=\"\">"
            let probe = page.replacingOccurrences(of: "<main id=\"main\">", with: "<main id=\"main\">" + injected)
            try probe.write(toFile: (fixture.output as NSString).appendingPathComponent("incident/probe.html"), atomically: true, encoding: .utf8)
            let control = probe.replacingOccurrences(of: SitePolicy.cspMeta, with: "").replacingOccurrences(of: "beacon-csp", with: "beacon-control")
            try control.write(toFile: (fixture.output as NSString).appendingPathComponent("incident/control.html"), atomically: true, encoding: .utf8)

            let browser = Browser(executable: chromium, profile: fixture.directory.file("chromium-profile"), log: fixture.directory.file("chromium.log"))
            let site = URL(fileURLWithPath: fixture.output).absoluteString
            _ = try browser.dom(site + "incident/control.html")
            _ = try await Wait.until("the control page's image request", timeout: 20) { server.output().contains("beacon-control") ? true : nil }
            _ = try browser.dom(site + "incident/probe.html")
            #expect(!server.output().contains("beacon-csp"), "the CSP let an external image load")
        }
    }
}
