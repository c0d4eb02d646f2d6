import Foundation
import Testing
@testable import Postmortem
@testable import Site

/// The templates compiled into the binary, their overrides, and the one time format of the pages.
@Suite("Built-in site templates and the time format")
struct SiteTemplatesTests {
    /// Every file under the repository's `templates/site` (relative paths).
    static func repositoryFiles() -> [String: Data] {
        let root = SiteFixture.templates
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = (root as NSString).appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
               !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                files[path] = FileManager.default.contents(atPath: full)
            }
        }
        return files
    }

    @Test("The built-in templates are templates/site byte for byte (one copy, compiled in), and postmortem.md too")
    func builtInCopy() throws {
        let repository = Self.repositoryFiles()
        #expect(repository.keys.contains("incident.mustache") && repository.keys.contains("assets/site.css"))
        #expect(Set(SiteTemplates.builtInFiles.keys) == Set(repository.keys))
        for (path, data) in repository { #expect(SiteTemplates.builtInFiles[path] == data, "templates/site/\(path) differs from the built-in copy") }
        let postmortem = (SiteFixture.repositoryRoot as NSString).appendingPathComponent("templates/postmortem.md")
        #expect(PostmortemTemplate.builtInText == (try String(contentsOfFile: postmortem, encoding: .utf8)))
    }

    @Test("Without a templates folder the built-in templates render the site; a folder overrides file by file")
    func overrides() async throws {
        let fixture = try SiteFixture()
        try await fixture.populateSmall()
        var options = fixture.options()
        options.templatesDirectory = nil
        _ = try await SiteBuilder(database: fixture.database, options: options).build()
        #expect(fixture.page("index.html").contains("<table class=\"incidents\">"))
        #expect(fixture.page("assets/site.css") == String(decoding: SiteTemplates.builtInFiles["assets/site.css"] ?? Data(), as: UTF8.self))

        // Only the footer is replaced; every other template stays built in.
        let custom = fixture.directory.file("custom/site")
        try fixture.directory.write("custom/site/footer.mustache", "<footer class=\"team-footer\">Team X postmortems</footer></body></html>\n")
        options.templatesDirectory = custom
        _ = try await SiteBuilder(database: fixture.database, options: options).build()
        #expect(fixture.page("index.html").contains("Team X postmortems"))
        #expect(fixture.page("index.html").contains("<table class=\"incidents\">"))

        options.templatesDirectory = fixture.directory.file("missing/site")
        await #expect(throws: SiteBuildError.self) { try await SiteBuilder(database: fixture.database, options: options).build() }
    }

    @Test("Every time on every page reads YYYY-MM-DD HH:MM:SS UTC inside <time datetime> (evidence text and SVG aside)")
    func oneTimeFormat() async throws {
        let fixture = try SiteFixture()
        let incidents = try await fixture.populateSmall()
        try fixture.writePostmortem(incidents[2], body: """
            # Checkout errors

            | Fact | Value |
            | --- | --- |
            | Started (first symptom) | 2026-11-18 12:06:40 |

            | Time (UTC) | Event | Evidence |
            | --- | --- | --- |
            | 2026-11-18 12:06:40 | Opened by alertmanager | delivery 1 |
            | 2026-11-18 12:07:40.250 | First error | — |

            | Evidence | Window (UTC) |
            | --- | --- |
            | ev-1 | 2026-11-18 11:36:40 → 2026-11-18 12:36:40 |

            ## Action items

            - [ ] Add a canary
            - [x] Roll back
            """, file: "2026-11-18-inc00003.md")
        let report = try await fixture.builder().build()
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        let valid = try NSRegularExpression(
            pattern: "<time datetime=\"(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)(\\.\\d{3})?Z\">(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d) UTC</time>")
        let anyTime = try NSRegularExpression(pattern: "\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d")
        let exempt = try NSRegularExpression(
            pattern: "<svg.*?</svg>|<td class=\"msg\">.*?</td>|<pre>.*?</pre>|<code>.*?</code>|<script.*?</script>", options: [.dotMatchesLineSeparators])
        var checked = 0
        for file in fixture.builtFiles() where file.hasSuffix(".html") {
            var page = fixture.page(file)
            page = exempt.stringByReplacingMatches(in: page, range: NSRange(page.startIndex..., in: page), withTemplate: "")
            let ns = page as NSString
            for match in valid.matches(in: page, range: NSRange(location: 0, length: ns.length)) {
                let machine = ns.substring(with: match.range(at: 1))
                let shown = ns.substring(with: match.range(at: 3)) + "T" + ns.substring(with: match.range(at: 4))
                #expect(machine == shown, "\(file): datetime \(machine) but shows \(shown)")
                checked += 1
            }
            let rest = valid.stringByReplacingMatches(in: page, range: NSRange(location: 0, length: ns.length), withTemplate: "")
            let stray = anyTime.matches(in: rest, range: NSRange(rest.startIndex..., in: rest)).map { (rest as NSString).substring(with: $0.range) }
            #expect(stray.isEmpty, "\(file) writes a time another way: \(stray.prefix(5))")
        }
        #expect(checked > 20)
        let incident = fixture.page("incident/inc00003.html")
        #expect(incident.contains("<td><time datetime=\"2026-11-18T12:07:40.250Z\">2026-11-18 12:07:40 UTC</time></td>"))
        #expect(incident.contains("<li><input type=\"checkbox\" disabled=\"\" /> Add a canary</li>"))
        #expect(incident.contains("<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> Roll back</li>"))
    }
}
